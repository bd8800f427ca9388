namespace LetsCode.Kubernetes.Models;

public sealed class ConfigMap : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "v1";
    public string? Kind { get; set; } = "ConfigMap";
    public ObjectMeta Metadata { get; set; } = new();
    public Dictionary<string, string>? Data { get; set; }

    /// <summary>Base64 in JSON; System.Text.Json maps byte[] to base64 both ways.</summary>
    public Dictionary<string, byte[]>? BinaryData { get; set; }
    public bool? Immutable { get; set; }
}
