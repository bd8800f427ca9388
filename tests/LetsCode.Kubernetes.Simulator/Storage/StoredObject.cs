using System.Text;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator;

/// <summary>
/// One version of an object as stored. Never mutated after storing: <see cref="Node"/> is only read under the store
/// lock (JsonNode is not safe for concurrent readers); <see cref="Json"/> can be sent from anywhere.
/// </summary>
internal sealed class StoredObject
{
    public StoredObject(ResourceType type, JsonObject node)
    {
        Type = type;
        Node = node;
        Json = Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    public ResourceType Type { get; }
    public JsonObject Node { get; }
    public byte[] Json { get; }

    public string Name => Meta.Name(Node);
    public string? Namespace => Meta.Namespace(Node);
    public string Key => StoreKey(Namespace, Name);
    public long ResourceVersion => long.Parse(Meta.ResourceVersion(Node) ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    public static string StoreKey(string? ns, string name) => ns is null ? name : $"{ns}/{name}";

    /// <summary>The object as seen through <paramref name="version"/> (CRD versions without conversion share storage).</summary>
    public byte[] JsonFor(string version)
    {
        var apiVersion = Type.ApiVersion(version);
        if ((string?)Node["apiVersion"] == apiVersion) return Json;
        var copy = (JsonObject)Node.DeepClone();
        copy["apiVersion"] = apiVersion;
        return Encoding.UTF8.GetBytes(copy.ToJsonString());
    }

    /// <summary>A mutable copy, in the requested version.</summary>
    public JsonObject CloneFor(string version)
    {
        var copy = (JsonObject)Node.DeepClone();
        copy["apiVersion"] = Type.ApiVersion(version);
        return copy;
    }
}
