namespace LetsCode.Kubernetes.Models;

/// <summary>
/// autoscaling/v1 Scale: the view the <c>scale</c> subresource gives of any scalable object (Deployments, or a custom
/// resource whose CRD maps specReplicasPath / statusReplicasPath / labelSelectorPath). What `kubectl scale`, an
/// HPA and KEDA read and write, so whatever drives a resource through it can be swapped for any of them.
/// </summary>
public sealed class Scale : KubernetesModel, IKubernetesObject
{
    public const string ScaleApiVersion = "autoscaling/v1";

    public string? ApiVersion { get; set; } = ScaleApiVersion;
    public string? Kind { get; set; } = "Scale";
    public ObjectMeta Metadata { get; set; } = new();
    public ScaleSpec? Spec { get; set; }
    public ScaleStatus? Status { get; set; }
}

public sealed class ScaleSpec : KubernetesModel
{
    /// <summary>The desired count (the object's specReplicasPath).</summary>
    public int? Replicas { get; set; }
}

public sealed class ScaleStatus : KubernetesModel
{
    /// <summary>The observed count (the object's statusReplicasPath); 0 when the object has none yet.</summary>
    public int? Replicas { get; set; }

    /// <summary>The label selector of what is counted, in string form (the object's labelSelectorPath), if any.</summary>
    public string? Selector { get; set; }
}
