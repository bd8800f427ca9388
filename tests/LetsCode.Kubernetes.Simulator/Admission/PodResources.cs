using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Admission;

/// <summary>What a pod charges against a ResourceQuota, computed like the API server's pod evaluator.</summary>
internal static class PodResources
{
    public static readonly string[] ComputeResources = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

    /// <summary>Pods in a terminal phase no longer count against quota.</summary>
    public static bool Counts(JsonObject pod) => (string?)pod["status"]?["phase"] is not ("Succeeded" or "Failed");

    /// <summary>Usage by quota resource name; compute resources a container does not set are absent.</summary>
    public static Dictionary<string, Quantity> Usage(JsonObject pod, out List<string> unspecified)
    {
        var usage = new Dictionary<string, Quantity>(StringComparer.Ordinal)
        {
            ["pods"] = new(1, false),
            ["count/pods"] = new(1, false),
        };
        unspecified = [];
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var initContainers = (pod["spec"]?["initContainers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var resource in ComputeResources)
        {
            var (kind, name) = (resource.Split('.')[0], resource.Split('.')[1]);
            var sum = Quantity.Zero;
            var all = true;
            foreach (var container in containers)
            {
                if (Quantity.TryParse((string?)container["resources"]?[kind]?[name], out var q)) sum += q;
                else
                {
                    all = false;
                    unspecified.Add($"{resource} for: {(string?)container["name"]}");
                }
            }

            foreach (var container in initContainers)
            {
                if (Quantity.TryParse((string?)container["resources"]?[kind]?[name], out var q) && q.Value > sum.Value) sum = q;
            }

            if (all && containers.Count > 0) usage[resource] = sum;
        }

        if (usage.TryGetValue("requests.cpu", out var cpu)) usage["cpu"] = cpu;
        if (usage.TryGetValue("requests.memory", out var memory)) usage["memory"] = memory;
        return usage;
    }

    /// <summary>Pod defaulting: a container limit without a request sets the request to the limit.</summary>
    public static void DefaultRequestsFromLimits(JsonObject pod)
    {
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).Concat(pod["spec"]?["initContainers"] as JsonArray ?? []);
        foreach (var container in containers.OfType<JsonObject>())
        {
            if (container["resources"]?["limits"] is not JsonObject limits) continue;
            var resources = (JsonObject)container["resources"]!;
            if (resources["requests"] is not JsonObject requests)
            {
                requests = new JsonObject();
                resources["requests"] = requests;
            }

            foreach (var (name, value) in limits)
            {
                if (!requests.ContainsKey(name)) requests[name] = value?.DeepClone();
            }
        }
    }
}
