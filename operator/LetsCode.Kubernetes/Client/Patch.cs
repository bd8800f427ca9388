using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Client;

/// <summary>
/// A PATCH body and its content type. Patches send only what changes, so fields this client does not model are
/// never dropped (a replace of a stale or partial object would).
/// </summary>
public sealed record Patch(string ContentType, string Body)
{
    public const string MergePatchContentType = "application/merge-patch+json";
    public const string JsonPatchContentType = "application/json-patch+json";

    /// <summary>An RFC 7386 JSON merge patch: objects merge, null deletes, arrays replace whole.</summary>
    public static Patch Merge(JsonNode document) => new(MergePatchContentType, document.ToJsonString());

    public static Patch Merge(string json) => new(MergePatchContentType, json);

    public override string ToString() => $"{ContentType}: {Body}";
}
