using System.Globalization;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Api;

/// <summary>
/// meta.k8s.io/v1 Table responses for clients that ask for them (kubectl get sends Accept: ...;as=Table): custom
/// resources get their CRD's additionalPrinterColumns (or Name and Age; date cells become ages like "5m"), pods
/// the server's NAME READY STATUS RESTARTS AGE (IP and NODE with -o wide). Other kinds are answered with plain
/// lists, which kubectl prints as NAME and AGE. Column jsonPaths are simple dotted paths.
/// </summary>
internal static class TableConverter
{
    public static bool Wanted(string? accept, ResourceType type) =>
        (type.IsCustom || type.Name == BuiltInResources.Pods.Name) &&
        accept is not null && accept.Contains("as=Table", StringComparison.Ordinal) && accept.Contains("g=meta.k8s.io", StringComparison.Ordinal);

    /// <summary>Builds a Table; <paramref name="objects"/> are stored objects read under the store lock.</summary>
    public static JsonObject Convert(ResourceType type, string version, JsonObject? crd, IEnumerable<JsonObject> objects,
        JsonObject listMetadata, bool includeFullObject)
    {
        var columns = Columns(type, version, crd);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray(columns.Select(c => c.Cell(obj)).ToArray());
            var meta = obj["metadata"]!.DeepClone();
            rows.Add(new JsonObject
            {
                ["cells"] = cells,
                ["object"] = includeFullObject ? obj.DeepClone() : new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = meta,
                },
            });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = listMetadata,
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            }).ToArray()),
            ["rows"] = rows,
        };
    }

    private static List<Column> Columns(ResourceType type, string version, JsonObject? crd)
    {
        var name = new Column("Name", "string", "name", "Name must be unique within a namespace.", 0, o => Meta.Name(o));
        if (type.Name == BuiltInResources.Pods.Name) return PodColumns(name);

        var versionSpec = (crd?["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(v => (string?)v["name"] == version);
        var printer = (versionSpec?["additionalPrinterColumns"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (printer.Count == 0)
        {
            return [name, new Column("Age", "date", "", "", 0, o => Age((string?)o["metadata"]?["creationTimestamp"]))];
        }

        return [name, .. printer.Select(p => new Column((string?)p["name"] ?? "", (string?)p["type"] ?? "string",
            (string?)p["format"] ?? "", (string?)p["description"] ?? "", (int)(Meta.Long(p["priority"]) ?? 0),
            o => Cell(Meta.AtPath(o, (string?)p["jsonPath"] ?? ""), (string?)p["type"]))) ];
    }

    private static List<Column> PodColumns(Column name) =>
    [
        name,
        new("Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic.", 0, o =>
        {
            var statuses = (o["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var total = (o["spec"]?["containers"] as JsonArray)?.Count ?? 0;
            return $"{statuses.Count(s => Meta.Bool(s["ready"]) == true)}/{total}";
        }),
        new("Status", "string", "", "The aggregate status of the containers in this pod.", 0, o =>
            Meta.IsDeleting(o) ? "Terminating" : (string?)o["status"]?["reason"] ?? (string?)o["status"]?["phase"] ?? "Unknown"),
        new("Restarts", "string", "", "The number of times the containers in this pod have been restarted.", 0, o =>
            (o["status"]?["containerStatuses"] as JsonArray ?? []).Sum(s => Meta.Long(s?["restartCount"]) ?? 0).ToString(CultureInfo.InvariantCulture)),
        new("Age", "string", "", "CreationTimestamp", 0, o => Age((string?)o["metadata"]?["creationTimestamp"])),
        new("IP", "string", "", "IP address allocated to the pod.", 1, o => (string?)o["status"]?["podIP"] ?? "<none>"),
        new("Node", "string", "", "Name of the Node this pod runs on.", 1, o => (string?)o["spec"]?["nodeName"] ?? "<none>"),
    ];

    private static JsonNode? Cell(JsonNode? value, string? type) =>
        type == "date" && value is JsonValue ? Age(Meta.Str(value)) : value?.DeepClone();

    private static string Age(string? timestamp)
    {
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)) return "<unknown>";
        var age = DateTimeOffset.UtcNow - created;
        return age.TotalMinutes < 2 ? $"{(int)Math.Max(0, age.TotalSeconds)}s"
            : age.TotalHours < 2 ? $"{(int)age.TotalMinutes}m"
            : age.TotalDays < 2 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }

    private sealed record Column(string Name, string Type, string Format, string Description, int Priority, Func<JsonObject, JsonNode?> Cell);
}
