using System.Text.Json.Serialization;

namespace LetsCode.Kubernetes.Models;

/// <summary>coordination.k8s.io/v1 Lease, the lock for leader election.</summary>
public sealed class Lease : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "coordination.k8s.io/v1";
    public string? Kind { get; set; } = "Lease";
    public ObjectMeta Metadata { get; set; } = new();
    public LeaseSpec? Spec { get; set; }
}

public sealed class LeaseSpec : KubernetesModel
{
    public string? HolderIdentity { get; set; }
    public int? LeaseDurationSeconds { get; set; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; set; }

    public int? LeaseTransitions { get; set; }
}
