namespace LetsCode.Kubernetes.Models;

/// <summary>A list answer (PodList, SubmissionList, ...): one page of items, with metadata.continue for the next.</summary>
public sealed class KubernetesList<T> : KubernetesModel
    where T : class, IKubernetesObject
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public ListMeta Metadata { get; set; } = new();
    public List<T> Items { get; set; } = [];
}
