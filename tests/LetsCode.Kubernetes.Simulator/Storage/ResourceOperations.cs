using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Admission;
using LetsCode.Kubernetes.Simulator.Api;
using LetsCode.Kubernetes.Simulator.Patching;
using LetsCode.Kubernetes.Simulator.Strategies;

namespace LetsCode.Kubernetes.Simulator;

/// <summary>
/// The API verbs over the store with the API server's semantics: create (generateName, uid, generation,
/// admission), update and patch (optimistic concurrency, status subresource separation, generation on spec
/// changes, no-op writes skipped), delete (preconditions, finalizers, propagation policy) and the scale subresource.
/// Every method takes the store lock itself.
/// </summary>
internal sealed class ResourceOperations(ObjectStore store, ResourceRegistry registry, Func<TimeSpan> podTerminationDelay)
{
    private readonly Random _random = new();

    public ObjectStore Store => store;
    public ResourceRegistry Registry => registry;

    /// <summary>Raised under the lock when a pod is removed or stops, so exec sessions into it can be cut.</summary>
    public event Action<string>? PodGone;

    public StoredObject Get(ResourceType type, string? ns, string name)
    {
        lock (store.Gate) return store.Get(type.Name, ns, name) ?? throw ApiException.NotFound(type.Name, name);
    }

    public JsonObject List(ResourceType type, string version, string? ns, ListQuery query, out List<byte[]> items)
    {
        lock (store.Gate)
        {
            long listVersion = store.ResourceVersion;
            string? after = null;
            if (query.Continue is { Length: > 0 } token)
            {
                (listVersion, after) = ContinueToken.Decode(token);
                if (listVersion < store.OldestWatchable)
                {
                    throw ApiException.Expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
                }
            }

            var matching = store.ListAfter(type.Name, ns, after).Where(o => query.Matches(o.Node));
            var page = new List<StoredObject>();
            long remaining = 0;
            foreach (var obj in matching)
            {
                if (query.Limit is > 0 && page.Count >= query.Limit) remaining++;
                else page.Add(obj);
            }

            items = page.Select(o => Item(o, version)).ToList();
            var metadata = new JsonObject { ["resourceVersion"] = listVersion.ToString(CultureInfo.InvariantCulture) };
            if (remaining > 0)
            {
                metadata["continue"] = ContinueToken.Encode(listVersion, page[^1].Key);
                metadata["remainingItemCount"] = remaining;
            }

            return new JsonObject
            {
                ["kind"] = type.ListKind,
                ["apiVersion"] = type.ApiVersion(version),
                ["metadata"] = metadata,
            };
        }
    }

    public StoredObject Create(ResourceType type, string version, string? ns, JsonObject obj,
        FieldValidation validation = FieldValidation.Ignore, List<string>? warnings = null)
    {
        lock (store.Gate)
        {
            CheckKind(type, version, obj);
            var meta = Meta.Of(obj);
            if (type.Namespaced)
            {
                var bodyNs = Meta.Namespace(obj);
                if (bodyNs is not null && bodyNs.Length > 0 && bodyNs != ns)
                {
                    throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                }

                meta["namespace"] = ns;
                CheckNamespaceAcceptsContent(type, ns!, obj);
            }
            else
            {
                meta.Remove("namespace");
            }

            if (!string.IsNullOrEmpty(Meta.ResourceVersion(obj)))
            {
                throw ApiException.BadRequest("resourceVersion should not be set on objects to be created");
            }

            var name = Meta.Name(obj);
            if (name.Length == 0 && (string?)meta["generateName"] is { Length: > 0 } prefix)
            {
                do name = ObjectNames.Generate(prefix, _random);
                while (store.Get(type.Name, ns, name) is not null);
                meta["name"] = name;
            }

            if (name.Length == 0)
            {
                throw ApiException.Invalid(type.QualifiedKind, "", type.Name,
                    [FieldError.Required("metadata.name", "name or generateName is required")]);
            }

            var now = DateTimeOffset.UtcNow;
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = Meta.Timestamp(now);
            meta["generation"] = 1;
            meta.Remove("deletionTimestamp");
            meta.Remove("deletionGracePeriodSeconds");
            meta.Remove("selfLink");
            obj["apiVersion"] = type.ApiVersion(type.StorageVersion);
            obj["kind"] = type.Kind;
            KindStrategies.PrepareForCreate(type, obj, now);
            if (type.IsCustom && type.Schemas.TryGetValue(version, out var schema))
            {
                CheckUnknownFields(type, version, StructuralSchema.PruneAndDefault(schema, obj), validation, warnings);
            }

            var errors = KindStrategies.Validate(type, obj, version);
            if (ObjectNames.Validate(name, label: type.Name == BuiltInResources.Namespaces.Name) is { } nameError) errors.Insert(0, nameError);
            if (errors.Count > 0) throw ApiException.Invalid(type.QualifiedKind, name, type.Name, errors);

            if (store.Get(type.Name, ns, name) is not null) throw ApiException.AlreadyExists(type.Name, name);
            if (type.Name == BuiltInResources.Pods.Name)
            {
                LimitRangeAdmission.Admit(store, obj);
                obj["status"]!["qosClass"] = KindStrategies.QosClass((JsonObject)obj["spec"]!);
                ResourceQuotaAdmission.Admit(store, obj);
            }
            if (type.Name == BuiltInResources.CustomResourceDefinitions.Name) CheckCrdNames(obj);

            var stored = store.Put(type, obj);
            AfterWrite(stored);
            return stored;
        }
    }

    public StoredObject Replace(ResourceType type, string version, string? ns, string name, JsonObject obj, bool statusOnly,
        FieldValidation validation = FieldValidation.Ignore, List<string>? warnings = null)
    {
        lock (store.Gate)
        {
            CheckKind(type, version, obj);
            var existing = store.Get(type.Name, ns, name) ?? throw ApiException.NotFound(type.Name, name);
            return Update(type, version, existing, obj, statusOnly, validation, warnings);
        }
    }

    public StoredObject Patch(ResourceType type, string version, string? ns, string name, string contentType,
        byte[] body, bool statusOnly, FieldValidation validation = FieldValidation.Ignore, List<string>? warnings = null)
    {
        lock (store.Gate)
        {
            var existing = store.Get(type.Name, ns, name) ?? throw ApiException.NotFound(type.Name, name);
            var patched = ApplyPatch(type, existing.CloneFor(version), contentType, body);
            return Update(type, version, existing, patched, statusOnly, validation, warnings);
        }
    }

    public StoredObject Delete(ResourceType type, string? ns, string name, DeleteOptions options)
    {
        lock (store.Gate)
        {
            var existing = store.Get(type.Name, ns, name) ?? throw ApiException.NotFound(type.Name, name);
            return DeleteLocked(existing, options);
        }
    }

    public List<StoredObject> DeleteCollection(ResourceType type, string? ns, ListQuery query, DeleteOptions options)
    {
        lock (store.Gate)
        {
            return store.List(type.Name, ns).Where(o => query.Matches(o.Node)).ToList()
                .Select(o => DeleteLocked(o, options)).ToList();
        }
    }

    /// <summary>The autoscaling/v1 Scale view of an object with a scale subresource.</summary>
    public JsonObject GetScale(ResourceType type, string? ns, string name)
    {
        lock (store.Gate)
        {
            var existing = store.Get(type.Name, ns, name) ?? throw ApiException.NotFound(type.Name, name);
            return ScaleOf(type, existing.Node);
        }
    }

    public JsonObject UpdateScale(ResourceType type, string version, string? ns, string name, string? patchContentType, byte[] body)
    {
        lock (store.Gate)
        {
            var existing = store.Get(type.Name, ns, name) ?? throw ApiException.NotFound(type.Name, name);
            var scale = ScaleOf(type, existing.Node);
            var desired = patchContentType is null ? ParseObject(body) : ApplyPatch(type, scale, patchContentType, body);
            var replicas = desired["spec"]?["replicas"];
            if (Meta.Long(replicas) is not { } count || count < 0)
            {
                throw ApiException.Invalid("Scale.autoscaling", name, type.Name,
                    [FieldError.InvalidValue("spec.replicas", replicas?.ToJsonString() ?? "null", "must be greater than or equal to 0")]);
            }

            var updated = existing.CloneFor(version);
            Meta.Of(updated)["resourceVersion"] = Meta.ResourceVersion(desired) is { Length: > 0 } rv ? rv : Meta.ResourceVersion(existing.Node);
            Meta.SetAtPath(updated, type.Scale!.SpecReplicasPath, count);
            var stored = Update(type, version, existing, updated, statusOnly: false);
            return ScaleOf(type, stored.Node);
        }
    }

    /// <summary>Writes a status change made by a simulated controller (kubelet, quota): no generation bump.</summary>
    internal StoredObject WriteStatus(StoredObject existing, Action<JsonObject> mutate)
    {
        var updated = (JsonObject)existing.Node.DeepClone();
        mutate(updated);
        if (JsonNode.DeepEquals(updated, existing.Node)) return existing;
        var stored = store.Put(existing.Type, updated);
        AfterWrite(stored);
        return stored;
    }

    internal StoredObject DeleteLocked(StoredObject existing, DeleteOptions options)
    {
        var type = existing.Type;
        if (options.PreconditionUid is { } uid && uid != Meta.Uid(existing.Node))
        {
            throw ApiException.Conflict(type.Name, existing.Name,
                $"Precondition failed: UID in precondition: {uid}, UID in object meta: {Meta.Uid(existing.Node)}");
        }

        if (options.PreconditionResourceVersion is { } rv && rv != Meta.ResourceVersion(existing.Node))
        {
            throw ApiException.Conflict(type.Name, existing.Name,
                $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {Meta.ResourceVersion(existing.Node)}");
        }

        var obj = (JsonObject)existing.Node.DeepClone();
        var finalizers = Meta.Finalizers(obj);
        var added = options.PropagationPolicy switch
        {
            "Foreground" => "foregroundDeletion",
            "Orphan" => "orphan",
            _ => null,
        };
        if (added is not null && !finalizers.Contains(added)) finalizers.Add(added);
        var isNamespace = type.Name == BuiltInResources.Namespaces.Name;
        if (type.Name == BuiltInResources.Pods.Name && GracefulPodDeletion(existing, options, finalizers) is { } terminating)
        {
            return terminating;
        }

        if (finalizers.Count == 0 && !isNamespace)
        {
            return Remove(existing);
        }

        if (Meta.IsDeleting(obj) && Meta.Finalizers(obj).Count == finalizers.Count) return existing;
        var meta = Meta.Of(obj);
        if (!Meta.IsDeleting(obj))
        {
            meta["deletionTimestamp"] = Meta.Timestamp(DateTimeOffset.UtcNow);
            meta["deletionGracePeriodSeconds"] = 0;
            meta["generation"] = Meta.Generation(obj) + 1;
        }

        Meta.SetFinalizers(obj, finalizers);
        if (isNamespace) obj["status"] = new JsonObject { ["phase"] = "Terminating" };
        var stored = store.Put(type, obj);
        AfterWrite(stored);
        return stored;
    }

    /// <summary>
    /// A pod running on the node is deleted gracefully when the kubelet takes time to terminate it: it stays, with
    /// deletionTimestamp = now + grace period, until the kubelet removes it. Unbound pods and grace 0 go at once.
    /// </summary>
    private StoredObject? GracefulPodDeletion(StoredObject existing, DeleteOptions options, List<string> finalizers)
    {
        var grace = options.GracePeriodSeconds ?? Meta.Long(existing.Node["spec"]?["terminationGracePeriodSeconds"]) ?? 30;
        var delay = podTerminationDelay();
        if (Meta.IsDeleting(existing.Node))
        {
            if (grace != 0 || Meta.Finalizers(existing.Node).Count > 0) return existing;
            return Remove(existing);
        }

        if (grace <= 0 || delay <= TimeSpan.Zero || existing.Node["spec"]?["nodeName"] is null ||
            !Admission.PodResources.Counts(existing.Node))
        {
            return null;
        }

        var obj = (JsonObject)existing.Node.DeepClone();
        var meta = Meta.Of(obj);
        meta["deletionTimestamp"] = Meta.Timestamp(DateTimeOffset.UtcNow.AddSeconds(grace));
        meta["deletionGracePeriodSeconds"] = grace;
        meta["generation"] = Meta.Generation(obj) + 1;
        Meta.SetFinalizers(obj, finalizers);
        var stored = store.Put(existing.Type, obj);
        PodGone?.Invoke(Meta.Uid(obj) ?? "");
        return stored;
    }

    internal StoredObject Remove(StoredObject existing)
    {
        var removed = store.Remove(existing.Type, (JsonObject)existing.Node.DeepClone());
        if (existing.Type.Name == BuiltInResources.Pods.Name)
        {
            PodGone?.Invoke(Meta.Uid(existing.Node) ?? "");
            if (existing.Namespace is { } podNs) ResourceQuotaAdmission.RefreshStatus(store, podNs);
        }
        else if (existing.Type.Name == BuiltInResources.CustomResourceDefinitions.Name &&
                 registry.CustomFor(existing.Name) is { } custom)
        {
            foreach (var cr in store.List(custom.Name).ToList()) store.Remove(custom, (JsonObject)cr.Node.DeepClone());
            registry.RemoveCustom(existing.Name);
            store.Forget(custom.Name);
        }

        return removed;
    }

    private StoredObject Update(ResourceType type, string version, StoredObject existing, JsonObject obj, bool statusOnly,
        FieldValidation validation = FieldValidation.Ignore, List<string>? warnings = null)
    {
        var old = existing.Node;
        var name = existing.Name;
        var requestedVersion = Meta.ResourceVersion(obj);
        if (!string.IsNullOrEmpty(requestedVersion) && requestedVersion != Meta.ResourceVersion(old))
        {
            throw ApiException.StaleObject(type.Name, name);
        }

        if (Meta.Name(obj) is { Length: > 0 } bodyName && bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        JsonObject result;
        if (statusOnly)
        {
            result = (JsonObject)old.DeepClone();
            if (obj["status"] is { } status) result["status"] = status.DeepClone();
            else result.Remove("status");
        }
        else
        {
            result = (JsonObject)obj.DeepClone();
            if (type.HasStatus)
            {
                if (old["status"] is { } oldStatus) result["status"] = oldStatus.DeepClone();
                else result.Remove("status");
            }

            var meta = Meta.Of(result);
            var oldMeta = (JsonObject)old["metadata"]!;
            foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "generation" })
            {
                meta.Remove(field);
                if (oldMeta[field] is { } value) meta[field] = value.DeepClone();
            }

            meta["name"] = name;
            meta.Remove("selfLink");
            if (Meta.IsDeleting(old) && Meta.Finalizers(result).Except(Meta.Finalizers(old)).Any())
            {
                throw ApiException.Invalid(type.QualifiedKind, name, type.Name,
                    [FieldError.Forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted")]);
            }

            KindStrategies.PrepareForUpdate(type, result);
            if (type.Name == BuiltInResources.Pods.Name && Strategies.PodUpdateRules.Check(old, result) is { } forbidden)
            {
                throw ApiException.Invalid(type.QualifiedKind, name, type.Name, [forbidden]);
            }
        }

        result["apiVersion"] = type.ApiVersion(type.StorageVersion);
        result["kind"] = type.Kind;
        Meta.Of(result)["resourceVersion"] = Meta.ResourceVersion(old);
        if (type.IsCustom && type.Schemas.TryGetValue(version, out var schema))
        {
            CheckUnknownFields(type, version, StructuralSchema.PruneAndDefault(schema, result), validation, warnings);
        }
        var errors = KindStrategies.Validate(type, result, version);
        if (errors.Count > 0) throw ApiException.Invalid(type.QualifiedKind, name, type.Name, errors);

        if (!statusOnly && SpecChanged(type, old, result))
        {
            Meta.Of(result)["generation"] = Meta.Generation(old) + 1;
        }

        if (JsonNode.DeepEquals(result, old)) return existing;
        if (type.Name == BuiltInResources.CustomResourceDefinitions.Name) CheckCrdNames(result);
        var stored = store.Put(type, result);
        AfterWrite(stored);
        return stored;
    }

    /// <summary>After every write: finish deletions whose finalizers are gone, keep CRDs and quotas in step.</summary>
    private void AfterWrite(StoredObject stored)
    {
        var type = stored.Type;
        if (type.Name == BuiltInResources.CustomResourceDefinitions.Name && !Meta.IsDeleting(stored.Node) &&
            ResourceRegistry.FromCrd(stored.Node) is { } custom)
        {
            registry.SetCustom(stored.Name, custom);
        }

        if (type.Name == BuiltInResources.Pods.Name && stored.Namespace is { } ns)
        {
            ResourceQuotaAdmission.RefreshStatus(store, ns);
            if (!PodResources.Counts(stored.Node)) PodGone?.Invoke(Meta.Uid(stored.Node) ?? "");
        }

        if (type.Name == BuiltInResources.ResourceQuotas.Name && stored.Namespace is { } quotaNs)
        {
            ResourceQuotaAdmission.RefreshStatus(store, quotaNs);
        }

        if (Meta.IsDeleting(stored.Node) && Meta.Finalizers(stored.Node).Count == 0 &&
            type.Name != BuiltInResources.Namespaces.Name && store.Get(type.Name, stored.Namespace, stored.Name) is { } current)
        {
            Remove(current);
        }
    }

    /// <summary>fieldValidation: Strict refuses unknown fields, Warn reports them, Ignore drops them silently.</summary>
    private static void CheckUnknownFields(ResourceType type, string version, List<string> unknown, FieldValidation validation,
        List<string>? warnings)
    {
        if (unknown.Count == 0) return;
        var described = unknown.Select(u => $"unknown field \"{u}\"").ToList();
        switch (validation)
        {
            case FieldValidation.Strict:
                throw ApiException.BadRequest(
                    $"{type.Kind} in version \"{version}\" cannot be handled as a {type.Kind}: strict decoding error: {string.Join(", ", described)}");
            case FieldValidation.Warn:
                warnings?.AddRange(described);
                break;
        }
    }

    private static bool SpecChanged(ResourceType type, JsonObject old, JsonObject updated)
    {
        var keys = old.Select(p => p.Key).Concat(updated.Select(p => p.Key)).Distinct().Where(type.IsSpecField);
        return keys.Any(k => !JsonNode.DeepEquals(old[k], updated[k]));
    }

    private void CheckNamespaceAcceptsContent(ResourceType type, string ns, JsonObject obj)
    {
        var nsObject = store.Get(BuiltInResources.Namespaces.Name, null, ns) ?? throw ApiException.NotFound(BuiltInResources.Namespaces.Name, ns);
        if (Meta.IsDeleting(nsObject.Node))
        {
            throw ApiException.Forbidden(type.Name, Meta.Name(obj),
                $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    private void CheckCrdNames(JsonObject crd)
    {
        var group = (string?)crd["spec"]?["group"] ?? "";
        var plural = (string?)crd["spec"]?["names"]?["plural"] ?? "";
        if (registry.IsBuiltIn(group, plural))
        {
            throw ApiException.Invalid("CustomResourceDefinition.apiextensions.k8s.io", Meta.Name(crd),
                BuiltInResources.CustomResourceDefinitions.Name, [FieldError.Invalid("spec.names.plural", $"\"{plural}\" is already served by a built-in resource")]);
        }
    }

    private static void CheckKind(ResourceType type, string version, JsonObject obj)
    {
        var kind = (string?)obj["kind"];
        var apiVersion = (string?)obj["apiVersion"];
        if (kind is { Length: > 0 } && kind != type.Kind)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion(version)})");
        }

        if (apiVersion is { Length: > 0 } && apiVersion != type.ApiVersion(version))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion(version)})");
        }
    }

    private static JsonObject ApplyPatch(ResourceType type, JsonObject target, string contentType, byte[] body)
    {
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"error decoding patch: {e.Message}");
        }

        return mediaType switch
        {
            "application/merge-patch+json" => JsonMergePatch.Apply(target, patch) as JsonObject
                ?? throw ApiException.BadRequest("the merge patch replaced the object with a non-object"),
            "application/json-patch+json" => JsonPatch.Apply(target, patch),
            "application/strategic-merge-patch+json" when !type.IsCustom => StrategicMergePatch.Apply(target, patch),
            "application/strategic-merge-patch+json" => throw UnsupportedMediaTypeForCustom(),
            "application/apply-patch+yaml" => throw ApiException.UnsupportedMediaType(contentType + " (server-side apply is not simulated)"),
            _ => throw ApiException.UnsupportedMediaType(contentType),
        };
    }

    private static ApiException UnsupportedMediaTypeForCustom() => new(415, "UnsupportedMediaType",
        "strategic merge patch is not supported for custom resources: use merge patch or JSON patch");

    private static JsonObject ScaleOf(ResourceType type, JsonObject obj)
    {
        var scale = type.Scale ?? throw ApiException.NotFound(type.Name, Meta.Name(obj));
        var status = new JsonObject { ["replicas"] = Meta.AtPath(obj, scale.StatusReplicasPath)?.DeepClone() ?? 0 };
        if (scale.LabelSelectorPath is { } selectorPath && Meta.AtPath(obj, selectorPath) is { } selector)
        {
            status["selector"] = selector.DeepClone();
        }

        var meta = (JsonObject)obj["metadata"]!;
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta["name"]?.DeepClone(),
                ["namespace"] = meta["namespace"]?.DeepClone(),
                ["uid"] = meta["uid"]?.DeepClone(),
                ["resourceVersion"] = meta["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = meta["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = Meta.AtPath(obj, scale.SpecReplicasPath)?.DeepClone() ?? 0 },
            ["status"] = status,
        };
    }

    /// <summary>List items: custom resources keep kind and apiVersion, built-in list items omit them like the server.</summary>
    private static byte[] Item(StoredObject obj, string version)
    {
        if (obj.Type.IsCustom) return obj.JsonFor(version);
        var copy = (JsonObject)obj.Node.DeepClone();
        copy.Remove("kind");
        copy.Remove("apiVersion");
        return Encoding.UTF8.GetBytes(copy.ToJsonString());
    }

    public static JsonObject ParseObject(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw ApiException.BadRequest("the request body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"the request body could not be decoded: {e.Message}");
        }
    }
}
