using System.Text.Json.Serialization;

namespace LetsCode.Kubernetes.Models;

public sealed class ObjectMeta : KubernetesModel
{
    public string? Name { get; set; }
    public string? GenerateName { get; set; }
    public string? Namespace { get; set; }
    public string? Uid { get; set; }
    public string? ResourceVersion { get; set; }
    public long? Generation { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? CreationTimestamp { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? DeletionTimestamp { get; set; }

    public long? DeletionGracePeriodSeconds { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
    public List<OwnerReference>? OwnerReferences { get; set; }
    public List<string>? Finalizers { get; set; }
}

public sealed class OwnerReference : KubernetesModel
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public string? Name { get; set; }
    public string? Uid { get; set; }
    public bool? Controller { get; set; }
    public bool? BlockOwnerDeletion { get; set; }
}

/// <summary>Metadata of lists and of Status: the collection's resourceVersion and the paging token.</summary>
public sealed class ListMeta : KubernetesModel
{
    public string? ResourceVersion { get; set; }
    public string? Continue { get; set; }
    public long? RemainingItemCount { get; set; }
}
