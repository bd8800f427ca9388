namespace LetsCode.Kubernetes.Models;

public sealed class Secret : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "v1";
    public string? Kind { get; set; } = "Secret";
    public ObjectMeta Metadata { get; set; } = new();
    public string? Type { get; set; }

    /// <summary>Base64 in JSON; System.Text.Json maps byte[] to base64 both ways.</summary>
    public Dictionary<string, byte[]>? Data { get; set; }

    /// <summary>Write-only convenience: the server merges it into <see cref="Data"/>.</summary>
    public Dictionary<string, string>? StringData { get; set; }
    public bool? Immutable { get; set; }
}
