using LetsCode.Kubernetes.Models;

namespace LetsCode.Operator.Resources;

/// <summary>letscode.dev/v1alpha1 WarmPool: idle, Ready sandbox pods of one language (crds/warmpool.yaml).</summary>
public sealed class WarmPool : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = LetsCodeResources.ApiVersion;
    public string? Kind { get; set; } = "WarmPool";
    public ObjectMeta Metadata { get; set; } = new();
    public WarmPoolSpec Spec { get; set; } = new();
    public WarmPoolStatus? Status { get; set; }
}

/// <summary>Defaults here mirror the CRD's, so an object the API server did not default (or a file) means the same.</summary>
public sealed class WarmPoolSpec : KubernetesModel
{
    public const string DefaultRuntimeClassName = "gvisor";

    public string Language { get; set; } = "";
    public string Image { get; set; } = "";
    public string? RuntimeClassName { get; set; }

    /// <summary>Localhost profile path relative to the kubelet's seccomp root; empty means RuntimeDefault.</summary>
    public string? SeccompProfile { get; set; }

    public SandboxResources? Resources { get; set; }
    public int? MinReplicas { get; set; }
    public int? MaxReplicas { get; set; }

    /// <summary>The idle target, written by the scale subresource; clamped to [minReplicas, maxReplicas].</summary>
    public int? Replicas { get; set; }

    public int? ScaleDownDelaySeconds { get; set; }
    public Dictionary<string, string>? NodeSelector { get; set; }
    public List<Toleration>? Tolerations { get; set; }

    public int EffectiveMinReplicas => Math.Max(0, MinReplicas ?? 1);
    public int EffectiveMaxReplicas => Math.Max(EffectiveMinReplicas, MaxReplicas ?? 10);
    public TimeSpan EffectiveScaleDownDelay => TimeSpan.FromSeconds(Math.Max(0, ScaleDownDelaySeconds ?? 300));
    public string EffectiveRuntimeClassName => string.IsNullOrEmpty(RuntimeClassName) ? DefaultRuntimeClassName : RuntimeClassName;

    /// <summary>The idle target: spec.replicas (or minReplicas when unset), clamped to [min, max].</summary>
    public int DesiredIdle => Math.Clamp(Replicas ?? EffectiveMinReplicas, EffectiveMinReplicas, EffectiveMaxReplicas);
}

/// <summary>Per-pod resources; requests equal limits (Guaranteed QoS).</summary>
public sealed class SandboxResources : KubernetesModel
{
    public string? Cpu { get; set; }
    public string? Memory { get; set; }
    public string? EphemeralStorage { get; set; }
}

public sealed class WarmPoolStatus : KubernetesModel
{
    /// <summary>All live pods of the pool: idle (Ready or starting) and busy.</summary>
    public int? Replicas { get; set; }

    /// <summary>
    /// Idle pods, Ready or still starting: what spec.replicas (the idle target) counts, so it is the scale
    /// subresource's statusReplicasPath. An HPA or KEDA reads this beside the spec.replicas it writes.
    /// </summary>
    public int? IdleReplicas { get; set; }

    public int? Ready { get; set; }
    public int? Idle { get; set; }
    public int? Busy { get; set; }
    public int? Desired { get; set; }

    /// <summary>Label selector of the pool's pods, the scale subresource's labelSelectorPath.</summary>
    public string? Selector { get; set; }

    public long? ObservedGeneration { get; set; }
    public List<ResourceCondition>? Conditions { get; set; }
}
