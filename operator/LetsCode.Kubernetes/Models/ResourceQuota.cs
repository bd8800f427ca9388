namespace LetsCode.Kubernetes.Models;

public sealed class ResourceQuota : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "v1";
    public string? Kind { get; set; } = "ResourceQuota";
    public ObjectMeta Metadata { get; set; } = new();
    public ResourceQuotaSpec? Spec { get; set; }
    public ResourceQuotaStatus? Status { get; set; }
}

public sealed class ResourceQuotaSpec : KubernetesModel
{
    /// <summary>e.g. "pods": "20", "requests.cpu": "10", "limits.memory": "20Gi".</summary>
    public Dictionary<string, string>? Hard { get; set; }
}

public sealed class ResourceQuotaStatus : KubernetesModel
{
    public Dictionary<string, string>? Hard { get; set; }
    public Dictionary<string, string>? Used { get; set; }
}
