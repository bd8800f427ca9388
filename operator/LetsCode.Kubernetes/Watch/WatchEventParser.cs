using System.Text.Json;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Watch;

/// <summary>Parses one line of a watch stream: {"type":"ADDED","object":{...}}.</summary>
public static class WatchEventParser
{
    public static WatchEvent<T> Parse<T>(string line, ResourceType<T> type)
        where T : class, IKubernetesObject
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("type", out var typeElement)
            || !root.TryGetProperty("object", out var objectElement))
        {
            throw new JsonException($"Not a watch event: {Truncate(line)}");
        }

        var eventType = typeElement.GetString() switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => WatchEventType.Error,
            var other => throw new JsonException($"Unknown watch event type '{other}'."),
        };

        return eventType == WatchEventType.Error
            ? new WatchEvent<T>(eventType, null, objectElement.Deserialize(KubernetesJsonContext.Default.Status))
            : new WatchEvent<T>(eventType, objectElement.Deserialize(type.TypeInfo), null);
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "..." : text;
}
