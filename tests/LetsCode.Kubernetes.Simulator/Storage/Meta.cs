using System.Globalization;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator;

/// <summary>Accessors for metadata fields of untyped objects.</summary>
internal static class Meta
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m) return m;
        m = new JsonObject();
        obj["metadata"] = m;
        return m;
    }

    public static string Name(JsonObject obj) => Str(obj["metadata"]?["name"]) ?? "";
    public static string? Namespace(JsonObject obj) => Str(obj["metadata"]?["namespace"]);
    public static string? ResourceVersion(JsonObject obj) => Str(obj["metadata"]?["resourceVersion"]);
    public static string? Uid(JsonObject obj) => Str(obj["metadata"]?["uid"]);
    public static bool IsDeleting(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    public static List<string> Finalizers(JsonObject obj) =>
        (obj["metadata"]?["finalizers"] as JsonArray ?? []).Select(Str).OfType<string>().ToList();

    public static void SetFinalizers(JsonObject obj, IReadOnlyCollection<string> finalizers)
    {
        var meta = Of(obj);
        if (finalizers.Count == 0) meta.Remove("finalizers");
        else meta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray());
    }

    public static Dictionary<string, string> Labels(JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"]?["labels"] is JsonObject l)
        {
            foreach (var (k, v) in l) labels[k] = Str(v) ?? "";
        }

        return labels;
    }

    public static IEnumerable<JsonObject> OwnerReferences(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>();

    public static long Generation(JsonObject obj) => Long(obj["metadata"]?["generation"]) ?? 0;

    // JsonValues built in code hold CLR primitives (int, long) and do not convert between them on GetValue,
    // so numbers and booleans are read through their JSON text.
    public static long? Long(JsonNode? node) =>
        node is JsonValue && long.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static decimal? Decimal(JsonNode? node) =>
        node is JsonValue && decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static bool? Bool(JsonNode? node) => node?.ToJsonString() switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    public static string? Str(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string MicroTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads a dotted path like ".spec.replicas".</summary>
    public static JsonNode? AtPath(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node;
    }

    public static void SetAtPath(JsonObject obj, string path, JsonNode? value)
    {
        var parts = path.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries);
        var node = obj;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject next)
            {
                next = new JsonObject();
                node[part] = next;
            }

            node = next;
        }

        node[parts[^1]] = value;
    }
}
