using System.Text;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Client;

/// <summary>
/// Builds an RFC 6902 JSON patch. Paths are given as segments and escaped as JSON pointers (~ to ~0, / to ~1), so
/// label keys like "letscode.dev/state" work. A <see cref="Test"/> operation makes the whole patch conditional:
/// if it fails the server applies nothing and answers 422 (or 409 for a resourceVersion test).
/// </summary>
public sealed class JsonPatchBuilder
{
    private readonly JsonArray _operations = [];

    public JsonPatchBuilder Add(IReadOnlyList<string> path, JsonNode? value) => Operation("add", path, value, withValue: true);

    public JsonPatchBuilder Replace(IReadOnlyList<string> path, JsonNode? value) => Operation("replace", path, value, withValue: true);

    public JsonPatchBuilder Remove(IReadOnlyList<string> path) => Operation("remove", path, null, withValue: false);

    public JsonPatchBuilder Test(IReadOnlyList<string> path, JsonNode? value) => Operation("test", path, value, withValue: true);

    /// <summary>Appends to an array ("-" is the JSON pointer for one past the end).</summary>
    public JsonPatchBuilder Append(IReadOnlyList<string> arrayPath, JsonNode? value) =>
        Operation("add", [.. arrayPath, "-"], value, withValue: true);

    public int Count => _operations.Count;

    public Patch Build() => new(Patch.JsonPatchContentType, _operations.ToJsonString());

    public static string Pointer(IReadOnlyList<string> path)
    {
        var builder = new StringBuilder();
        foreach (var segment in path)
        {
            builder.Append('/').Append(segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
        }

        return builder.ToString();
    }

    private JsonPatchBuilder Operation(string op, IReadOnlyList<string> path, JsonNode? value, bool withValue)
    {
        var operation = new JsonObject { ["op"] = op, ["path"] = Pointer(path) };
        if (withValue)
        {
            operation["value"] = value?.DeepClone();
        }

        _operations.Add(operation);
        return this;
    }
}
