using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator.Selection;

/// <summary>
/// The fieldSelector query syntax ("a=b", "a==b", "a!=b", comma-joined) over the fields the API server supports
/// for the resource; other fields are rejected with 400 like the real server does.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Field, bool Equal, string Value)> _terms = [];

    public static FieldSelector Everything { get; } = new();

    /// <summary>The name this selector pins (metadata.name=X), so a watch of one object can be recognised.</summary>
    public string? PinnedName => _terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal).Value;

    public bool Matches(JsonObject obj) => _terms.All(t => (ValueOf(obj, t.Field) == t.Value) == t.Equal);

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var (op, at) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and >= 0 ? ("!=", ne)
                : term.IndexOf("==", StringComparison.Ordinal) is var eq and >= 0 ? ("==", eq)
                : ("=", term.IndexOf('=', StringComparison.Ordinal));
            if (at <= 0) throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            var field = term[..at].Trim();
            if (!Supported(type).Contains(field))
            {
                throw ApiException.BadRequest(
                    $"\"{field}\" is not a known field selector: only \"{string.Join("\", \"", Supported(type))}\"");
            }

            selector._terms.Add((field, op != "!=", term[(at + op.Length)..].Trim()));
        }

        return selector;
    }

    private static IReadOnlyList<string> Supported(ResourceType type)
    {
        List<string> fields = ["metadata.name"];
        if (type.Namespaced) fields.Add("metadata.namespace");
        if (type == BuiltInResources.Pods || type.Name == BuiltInResources.Pods.Name)
        {
            fields.AddRange(["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"]);
        }
        else if (type.Name == BuiltInResources.Events.Name)
        {
            fields.AddRange(["involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"]);
        }
        else if (type.Name == BuiltInResources.Namespaces.Name)
        {
            fields.Add("status.phase");
        }
        else if (type.Name == BuiltInResources.Secrets.Name)
        {
            fields.Add("type");
        }

        return fields;
    }

    private static string ValueOf(JsonObject obj, string field)
    {
        if (field == "source") return Meta.Str(obj["source"]?["component"]) ?? "";
        var value = Meta.AtPath(obj, field);
        return value switch
        {
            null => field == "spec.hostNetwork" ? "false" : "",
            JsonValue v when Meta.Bool(v) is { } b => b ? "true" : "false",
            _ => Meta.Str(value) ?? "",
        };
    }
}
