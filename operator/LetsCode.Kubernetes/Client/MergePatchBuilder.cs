using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Client;

/// <summary>
/// Builds an RFC 7386 merge patch by path: <c>new MergePatchBuilder().Set(["metadata", "labels", "state"], "claimed")</c>.
/// Include metadata.resourceVersion (<see cref="RequireResourceVersion"/>) to make the patch an optimistic lock: the
/// server answers 409 Conflict if the object changed since that version.
/// </summary>
public sealed class MergePatchBuilder
{
    private readonly JsonObject _root = [];

    public MergePatchBuilder Set(IReadOnlyList<string> path, JsonNode? value)
    {
        ArgumentOutOfRangeException.ThrowIfZero(path.Count);
        var node = _root;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (node[path[i]] is not JsonObject child)
            {
                child = [];
                node[path[i]] = child;
            }

            node = child;
        }

        node[path[^1]] = value;
        return this;
    }

    /// <summary>Deletes the field (a null in a merge patch).</summary>
    public MergePatchBuilder Remove(IReadOnlyList<string> path) => Set(path, null);

    public MergePatchBuilder SetLabel(string key, string? value) => Set(["metadata", "labels", key], value);

    public MergePatchBuilder SetAnnotation(string key, string? value) => Set(["metadata", "annotations", key], value);

    public MergePatchBuilder RequireResourceVersion(string resourceVersion) =>
        Set(["metadata", "resourceVersion"], resourceVersion);

    public JsonObject ToJson() => (JsonObject)_root.DeepClone();

    public Patch Build() => Patch.Merge(_root);
}
