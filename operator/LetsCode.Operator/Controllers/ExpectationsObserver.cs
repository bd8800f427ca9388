using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Rendering;

namespace LetsCode.Operator.Controllers;

/// <summary>
/// Tells <see cref="CreationExpectations"/> what the pod informer has seen of the pools' creates and deletes. Add it
/// to the pod informer before any controller's handler, so a pool woken by a pod event already counts that pod.
/// </summary>
public sealed class ExpectationsObserver(CreationExpectations expectations) : IResourceEventHandler<Pod>
{
    public void OnAdd(Pod value)
    {
        if (PoolOwner(value) is { } pool)
        {
            expectations.CreationObserved(pool);
        }
    }

    public void OnUpdate(Pod oldValue, Pod newValue)
    {
        if (PodStates.IsTerminating(newValue) && PoolLabel(newValue) is { } pool)
        {
            expectations.DeletionObserved(pool, newValue.Metadata.Name!);
        }
    }

    public void OnDelete(Pod value)
    {
        if (PoolLabel(value) is { } pool)
        {
            expectations.DeletionObserved(pool, value.Metadata.Name!);
        }
    }

    /// <summary>Only pods the pool created itself (cold pods carry the pool label but are the submission's).</summary>
    private static ObjectKey? PoolOwner(Pod pod) =>
        pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Kind == "WarmPool" && o.Controller == true) is { Name: { } name }
            ? new ObjectKey(pod.Metadata.Namespace ?? "", name)
            : null;

    private static ObjectKey? PoolLabel(Pod pod) =>
        PodStates.Label(pod, SandboxLabels.Pool) is { Length: > 0 } pool ? new ObjectKey(pod.Metadata.Namespace ?? "", pool) : null;
}
