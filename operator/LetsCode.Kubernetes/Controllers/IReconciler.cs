using LetsCode.Kubernetes.Informers;

namespace LetsCode.Kubernetes.Controllers;

/// <summary>
/// Level-triggered: given a key, read the current state (from informer caches) and make the world match it. Must be
/// idempotent: it can run any number of times for the same state. Throwing requeues the key with backoff.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}

/// <summary>What to do with the key after a reconcile (controller-runtime's ctrl.Result).</summary>
public readonly record struct ReconcileResult(bool Requeue = false, TimeSpan? RequeueAfter = null)
{
    /// <summary>Done: forget the key until something changes.</summary>
    public static ReconcileResult Done => default;

    /// <summary>Try again with the key's exponential backoff (waiting on something, not an error).</summary>
    public static ReconcileResult RequeueWithBackoff => new(Requeue: true);

    /// <summary>Look again after a fixed time (a TTL, a pod that should be Ready by then).</summary>
    public static ReconcileResult After(TimeSpan delay) => new(RequeueAfter: delay);
}
