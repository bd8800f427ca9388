using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator.Patching;

/// <summary>RFC 6902 JSON patch (add, remove, replace, move, copy, test) with RFC 6901 pointers.</summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        JsonNode document = target;
        foreach (var op in operations)
        {
            if (op is not JsonObject operation) throw ApiException.BadRequest("invalid JSON patch operation");
            var name = (string?)operation["op"];
            var path = (string?)operation["path"] ?? throw Failed($"missing path in \"{name}\" operation");
            switch (name)
            {
                case "add":
                    document = Add(document, path, Value(operation));
                    break;
                case "remove":
                    document = Remove(document, path, out _);
                    break;
                case "replace":
                    Get(document, path);
                    document = Remove(document, path, out _);
                    document = Add(document, path, Value(operation));
                    break;
                case "move":
                    var from = (string?)operation["from"] ?? throw Failed("missing from in \"move\" operation");
                    document = Remove(document, from, out var moved);
                    document = Add(document, path, moved);
                    break;
                case "copy":
                    var source = (string?)operation["from"] ?? throw Failed("missing from in \"copy\" operation");
                    document = Add(document, path, Get(document, source)?.DeepClone());
                    break;
                case "test":
                    var actual = Get(document, path);
                    if (!JsonNode.DeepEquals(actual, operation["value"]))
                    {
                        throw new ApiException(422, "Invalid",
                            $"the server rejected our request due to an error in our request: testing value {path} failed: test failed");
                    }

                    break;
                default:
                    throw Failed($"Unexpected kind: {name}");
            }
        }

        return document as JsonObject ?? throw Failed("the patch replaced the object with a non-object");
    }

    private static JsonNode? Value(JsonObject operation) =>
        operation.ContainsKey("value") ? operation["value"]?.DeepClone() : throw Failed("missing value");

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0) return [];
        if (pointer[0] != '/') throw Failed($"invalid JSON pointer \"{pointer}\"");
        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static JsonNode? Get(JsonNode document, string pointer)
    {
        JsonNode? node = document;
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw Failed($"unable to find \"{pointer}\": missing value"),
            };
        }

        return node;
    }

    private static JsonNode Add(JsonNode document, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0) return value ?? throw Failed("cannot replace the document with null");
        var parent = Get(document, Pointer(tokens[..^1]));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o.Remove(last);
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Failed($"add operation does not apply: doc is missing path: \"{pointer}\": missing value");
        }

        return document;
    }

    private static JsonNode Remove(JsonNode document, string pointer, out JsonNode? removed)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0) throw Failed("cannot remove the whole document");
        var parent = Get(document, Pointer(tokens[..^1]));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out removed):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw Failed($"unable to remove nonexistent key: {last}: missing value");
        }

        return document;
    }

    private static string Pointer(IEnumerable<string> tokens) => string.Concat(tokens.Select(t => "/" + Escape(t)));

    private static string Escape(string token) =>
        token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static ApiException Failed(string why) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: {why}");
}
