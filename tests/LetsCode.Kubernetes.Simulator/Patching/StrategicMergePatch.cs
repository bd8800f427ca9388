using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds, as far as kubectl apply and controllers use it: a JSON merge patch
/// where lists with a known merge key (containers, env, volumes, ports, conditions, ...) merge item by item, the
/// "finalizers" list merges as a set, and the directives $patch (replace, delete, merge), $retainKeys,
/// $deleteFromPrimitiveList/ and $setElementOrder/ are honoured (element order is not re-sorted).
/// The merge keys come from a fixed table by field name instead of the OpenAPI schema.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string[]> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = ["name"],
        ["initContainers"] = ["name"],
        ["ephemeralContainers"] = ["name"],
        ["volumes"] = ["name"],
        ["env"] = ["name"],
        ["imagePullSecrets"] = ["name"],
        ["volumeMounts"] = ["mountPath"],
        ["volumeDevices"] = ["devicePath"],
        ["ports"] = ["containerPort", "port"],
        ["conditions"] = ["type"],
        ["ownerReferences"] = ["uid"],
        ["hostAliases"] = ["ip"],
        ["topologySpreadConstraints"] = ["topologyKey"],
        ["containerStatuses"] = ["name"],
        ["initContainerStatuses"] = ["name"],
    };

    private static readonly HashSet<string> SetLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonObject Apply(JsonObject target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            throw ApiException.BadRequest("the strategic merge patch is not a JSON object");
        }

        return MergeObject(target, patchObject);
    }

    private static JsonObject MergeObject(JsonObject target, JsonObject patch)
    {
        var directive = (string?)(patch["$patch"] as JsonValue);
        if (directive == "replace")
        {
            var replacement = (JsonObject)patch.DeepClone();
            replacement.Remove("$patch");
            return replacement;
        }

        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet(StringComparer.Ordinal);
            foreach (var key in target.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList()) target.Remove(key);
        }

        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal)) continue;
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var listName = key["$deleteFromPrimitiveList/".Length..];
                if (target[listName] is JsonArray list && value is JsonArray doomed)
                {
                    foreach (var item in list.Where(i => doomed.Any(d => JsonNode.DeepEquals(d, i))).ToList()) list.Remove(item);
                }

                continue;
            }

            if (value is null)
            {
                target.Remove(key);
                continue;
            }

            var current = target[key];
            target.Remove(key);
            target[key] = value switch
            {
                JsonObject o when o["$patch"] is JsonValue d && (string?)d == "delete" => null,
                JsonObject o => MergeObject(current as JsonObject ?? new JsonObject(), o),
                JsonArray a => MergeList(key, current as JsonArray, a),
                _ => value.DeepClone(),
            };
            if (value is JsonObject deleted && deleted["$patch"] is JsonValue del && (string?)del == "delete") target.Remove(key);
        }

        return target;
    }

    private static JsonArray MergeList(string field, JsonArray? current, JsonArray patch)
    {
        if (SetLists.Contains(field))
        {
            var union = current is null ? new JsonArray() : (JsonArray)current.DeepClone();
            foreach (var item in patch.Where(i => !union.Any(u => JsonNode.DeepEquals(u, i)))) union.Add(item?.DeepClone());
            return union;
        }

        if (!MergeKeys.TryGetValue(field, out var keys) || patch.Any(i => i is not JsonObject))
        {
            return (JsonArray)patch.DeepClone();
        }

        var mergeKey = keys.FirstOrDefault(k => patch.OfType<JsonObject>().Concat(current?.OfType<JsonObject>() ?? [])
            .Any(i => i.ContainsKey(k))) ?? keys[0];
        var result = current is null ? new JsonArray() : (JsonArray)current.DeepClone();
        foreach (var item in patch.OfType<JsonObject>())
        {
            if ((string?)(item["$patch"] as JsonValue) == "replace")
            {
                var whole = (JsonArray)patch.DeepClone();
                foreach (var i in whole.OfType<JsonObject>()) i.Remove("$patch");
                return whole;
            }

            var existing = result.OfType<JsonObject>().FirstOrDefault(r => JsonNode.DeepEquals(r[mergeKey], item[mergeKey]));
            if ((string?)(item["$patch"] as JsonValue) == "delete")
            {
                if (existing is not null) result.Remove(existing);
                continue;
            }

            if (existing is null) result.Add(MergeObject(new JsonObject(), (JsonObject)item.DeepClone()));
            else MergeObject(existing, item);
        }

        return result;
    }
}
