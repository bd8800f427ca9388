namespace LetsCode.Kubernetes.Models;

/// <summary>core/v1 Namespace (cluster-scoped).</summary>
public sealed class Namespace : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "v1";
    public string? Kind { get; set; } = "Namespace";
    public ObjectMeta Metadata { get; set; } = new();
    public NamespaceStatus? Status { get; set; }
}

public sealed class NamespaceStatus : KubernetesModel
{
    /// <summary>Active or Terminating.</summary>
    public string? Phase { get; set; }
}
