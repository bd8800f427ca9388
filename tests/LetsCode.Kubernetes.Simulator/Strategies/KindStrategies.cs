using System.Text;
using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Admission;
using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator.Strategies;

/// <summary>
/// Per-kind defaulting and validation on create and update (the API server's registry strategies), for the kinds
/// where the simulator does more than store the object.
/// </summary>
internal static class KindStrategies
{
    public const string NodeName = "letscode-simulated-node";

    public static void PrepareForCreate(ResourceType type, JsonObject obj, DateTimeOffset now)
    {
        if (type.HasStatus) obj.Remove("status");
        if (type.Name == BuiltInResources.Pods.Name) PreparePod(obj);
        else if (type.Name == BuiltInResources.Namespaces.Name)
        {
            var spec = obj["spec"] as JsonObject ?? new JsonObject();
            spec["finalizers"] ??= new JsonArray("kubernetes");
            obj["spec"] = spec;
            obj["status"] = new JsonObject { ["phase"] = "Active" };
            var labels = Meta.Of(obj)["labels"] as JsonObject ?? new JsonObject();
            labels["kubernetes.io/metadata.name"] = Meta.Name(obj);
            Meta.Of(obj)["labels"] = labels;
        }
        else if (type.Name == BuiltInResources.Secrets.Name) PrepareSecret(obj);
        else if (type.Name == BuiltInResources.CustomResourceDefinitions.Name) obj["status"] = CrdStatus(obj);
        else if (type.Name == BuiltInResources.ResourceQuotas.Name)
        {
            obj["status"] = new JsonObject { ["hard"] = obj["spec"]?["hard"]?.DeepClone() ?? new JsonObject() };
        }
    }

    public static void PrepareForUpdate(ResourceType type, JsonObject obj)
    {
        if (type.Name == BuiltInResources.Pods.Name) DefaultPodSpec(obj);
        else if (type.Name == BuiltInResources.Secrets.Name) PrepareSecret(obj);
        else if (type.Name == BuiltInResources.CustomResourceDefinitions.Name) obj["status"] = CrdStatus(obj);
        else if (type.Name == BuiltInResources.Namespaces.Name && Meta.Of(obj)["labels"] is JsonObject labels)
        {
            labels["kubernetes.io/metadata.name"] = Meta.Name(obj);
        }
    }

    public static List<FieldError> Validate(ResourceType type, JsonObject obj, string version)
    {
        var errors = MetadataValidation.Validate(obj).ToList();
        if (type.Name == BuiltInResources.Pods.Name)
        {
            var containers = obj["spec"]?["containers"] as JsonArray;
            if (containers is null || containers.Count == 0) errors.Add(FieldError.Required("spec.containers"));
            for (var i = 0; i < (containers?.Count ?? 0); i++)
            {
                var containerName = (string?)containers![i]?["name"];
                if (string.IsNullOrEmpty(containerName)) errors.Add(FieldError.Required($"spec.containers[{i}].name"));
                else if (ObjectNames.Validate(containerName, label: true) is { } invalid)
                {
                    errors.Add(invalid with { Field = $"spec.containers[{i}].name" });
                }

                if (string.IsNullOrEmpty((string?)containers[i]?["image"])) errors.Add(FieldError.Required($"spec.containers[{i}].image"));
            }

            if (obj["spec"] is JsonObject spec) errors.AddRange(PodDnsValidation.Validate(spec));
        }
        else if (type.Name == BuiltInResources.CustomResourceDefinitions.Name)
        {
            var spec = obj["spec"];
            var names = spec?["names"];
            if (string.IsNullOrEmpty((string?)spec?["group"])) errors.Add(FieldError.Required("spec.group"));
            if (string.IsNullOrEmpty((string?)names?["plural"])) errors.Add(FieldError.Required("spec.names.plural"));
            if (string.IsNullOrEmpty((string?)names?["kind"])) errors.Add(FieldError.Required("spec.names.kind"));
            if ((spec?["versions"] as JsonArray)?.Count is null or 0) errors.Add(FieldError.Required("spec.versions"));
            else if ((spec!["versions"] as JsonArray)!.Count(v => (bool?)v?["storage"] == true) != 1)
            {
                errors.Add(FieldError.Invalid("spec.versions", "must have exactly one version marked as storage version"));
            }

            var expected = $"{(string?)names?["plural"]}.{(string?)spec?["group"]}";
            if (errors.Count == 0 && Meta.Name(obj) != expected)
            {
                errors.Add(FieldError.InvalidValue("metadata.name", $"\"{Meta.Name(obj)}\"", $"must be spec.names.plural+\".\"+spec.group"));
            }
        }
        else if (type.IsCustom && type.Schemas.TryGetValue(version, out var schema))
        {
            errors.AddRange(StructuralSchema.Validate(schema, obj));
        }

        return errors;
    }

    private static void PreparePod(JsonObject pod)
    {
        DefaultPodSpec(pod);
        pod["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = QosClass((JsonObject)pod["spec"]!) };
    }

    /// <summary>Pod defaulting, applied to every incoming pod as the API server does when decoding.</summary>
    private static void DefaultPodSpec(JsonObject pod)
    {
        var spec = pod["spec"] as JsonObject ?? new JsonObject();
        pod["spec"] = spec;
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["securityContext"] ??= new JsonObject();
        spec["enableServiceLinks"] ??= true;
        foreach (var container in (spec["containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            container["terminationMessagePath"] ??= "/dev/termination-log";
            container["terminationMessagePolicy"] ??= "File";
            container["imagePullPolicy"] ??= ((string?)container["image"])?.EndsWith(":latest", StringComparison.Ordinal) != false ? "Always" : "IfNotPresent";
            container["resources"] ??= new JsonObject();
        }

        PodResources.DefaultRequestsFromLimits(pod);
    }

    public static string QosClass(JsonObject spec)
    {
        var containers = (spec["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        bool Has(JsonObject c, string kind) => c["resources"]?[kind] is JsonObject r && r.Count > 0;
        if (containers.All(c => !Has(c, "requests") && !Has(c, "limits"))) return "BestEffort";
        var guaranteed = containers.All(c =>
            c["resources"]?["limits"] is JsonObject l && l["cpu"] is not null && l["memory"] is not null &&
            JsonNode.DeepEquals(c["resources"]?["requests"]?["cpu"], l["cpu"]) &&
            JsonNode.DeepEquals(c["resources"]?["requests"]?["memory"], l["memory"]));
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static void PrepareSecret(JsonObject secret)
    {
        secret["type"] ??= "Opaque";
        if (secret["stringData"] is not JsonObject stringData) return;
        var data = secret["data"] as JsonObject ?? new JsonObject();
        foreach (var (key, value) in stringData)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string?)value ?? ""));
        }

        secret["data"] = data;
        secret.Remove("stringData");
    }

    private static JsonObject CrdStatus(JsonObject crd)
    {
        var now = Meta.Timestamp(DateTimeOffset.UtcNow);
        JsonObject Condition(string type, string reason, string message) => new()
        {
            ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = reason, ["message"] = message,
        };
        var storage = (crd["spec"]?["versions"] as JsonArray ?? []).FirstOrDefault(v => (bool?)v?["storage"] == true);
        return new JsonObject
        {
            ["acceptedNames"] = crd["spec"]?["names"]?.DeepClone() ?? new JsonObject(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted")),
            ["storedVersions"] = new JsonArray(JsonValue.Create((string?)storage?["name"] ?? "v1")),
        };
    }
}
