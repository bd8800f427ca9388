using System.Text.Json.Serialization;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Autoscaling.Scaling;

/// <summary>
/// A read-only projection of letscode.dev/v1alpha1 WarmPool (crds/warmpool.yaml): only what the scaler reads. The
/// scaler never writes this object, only its scale subresource, so it needs no full model of the operator's kind.
/// </summary>
public sealed class WarmPoolScaleTarget : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "letscode.dev/v1alpha1";
    public string? Kind { get; set; } = "WarmPool";
    public ObjectMeta Metadata { get; set; } = new();
    public WarmPoolScaleSpec? Spec { get; set; }
    public WarmPoolScaleStatus? Status { get; set; }

    /// <summary>Defaults as in the CRD, for objects the API server did not default.</summary>
    public int MinReplicas => Math.Max(0, Spec?.MinReplicas ?? 1);

    public int MaxReplicas => Math.Max(MinReplicas, Spec?.MaxReplicas ?? 10);

    public TimeSpan ScaleDownDelay => TimeSpan.FromSeconds(Math.Max(0, Spec?.ScaleDownDelaySeconds ?? 300));

    /// <summary>The idle target in force: spec.replicas (minReplicas when unset), clamped as the operator does.</summary>
    public int CurrentTarget => Math.Clamp(Spec?.Replicas ?? MinReplicas, MinReplicas, MaxReplicas);
}

public sealed class WarmPoolScaleSpec : KubernetesModel
{
    public string? Language { get; set; }
    public int? MinReplicas { get; set; }
    public int? MaxReplicas { get; set; }
    public int? Replicas { get; set; }
    public int? ScaleDownDelaySeconds { get; set; }
}

public sealed class WarmPoolScaleStatus : KubernetesModel
{
    public int? Replicas { get; set; }
    public int? Ready { get; set; }
    public int? Idle { get; set; }
    public int? Busy { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WarmPoolScaleTarget))]
[JsonSerializable(typeof(KubernetesList<WarmPoolScaleTarget>))]
public sealed partial class AutoscalingJsonContext : JsonSerializerContext;

public static class AutoscalingResources
{
    public static ResourceType<WarmPoolScaleTarget> WarmPools { get; } = new(
        new ResourceDescriptor("letscode.dev", "v1alpha1", "WarmPool", "warmpools", Namespaced: true),
        AutoscalingJsonContext.Default.WarmPoolScaleTarget, AutoscalingJsonContext.Default.KubernetesListWarmPoolScaleTarget);
}
