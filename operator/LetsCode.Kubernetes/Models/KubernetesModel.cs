using System.Text.Json;
using System.Text.Json.Serialization;

namespace LetsCode.Kubernetes.Models;

/// <summary>
/// Base of every model: fields the server sends that we do not model are kept here and written back, so a
/// read-modify-replace round trip does not silently drop them (the API server adds fields in every release).
/// </summary>
public abstract class KubernetesModel
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
