using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// A language's sandbox capacity from its WarmPools (normally one; several are summed). Pure.
/// <para>
/// The operator's status counts idle Ready pods (idle), claimed pods (busy) and all live pods (replicas, which also
/// holds pods still starting). Pods starting are growth already under way, so they count as room to grow together
/// with maxReplicas minus replicas. Before the operator has written any status, the whole maxReplicas is room.
/// </para>
/// <para>
/// The slots (idle + busy + room) never exceed maxReplicas. When no idle pod is left the operator may start a cold
/// pod beyond the pool's max for a waiting Submission; counted as capacity, every such pod would let the dispatcher
/// create one more Submission, which waits and gets another cold pod: a feedback loop that fills etcd and the quota
/// with exactly the burst the queue exists to hold back (the burst end-to-end test saw 10 in flight for a max of 3).
/// </para>
/// <para>
/// Submissions already created (Pending, waiting for a pod, or Running) are not subtracted here: the dispatcher's
/// CapacityRule subtracts every unfinished resource from these slots (ListActiveAsync, plus the ones it created that
/// the informer has not shown yet), so a burst cannot overshoot. Subtracting them here too would count them twice.
/// </para>
/// </summary>
public static class PoolCapacity
{
    /// <summary>Null when no live WarmPool serves the language (nothing can run it).</summary>
    public static SandboxCapacity? Of(string language, IEnumerable<WarmPool> pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        SandboxCapacity? total = null;
        foreach (var pool in pools)
        {
            if (pool.Metadata.DeletionTimestamp is not null || !string.Equals(pool.Spec.Language, language, StringComparison.Ordinal))
            {
                continue;
            }
            var one = Of(pool);
            total = total is null ? one : new SandboxCapacity(total.Idle + one.Idle, total.Busy + one.Busy, total.RoomToGrow + one.RoomToGrow);
        }
        return total;
    }

    public static SandboxCapacity Of(WarmPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var max = pool.Spec.EffectiveMaxReplicas;
        var status = pool.Status;
        var idle = Math.Clamp(status?.Idle ?? 0, 0, max);
        var busy = Math.Clamp(status?.Busy ?? 0, 0, max - idle);
        var replicas = Math.Max(idle + busy, status?.Replicas ?? 0);
        var starting = replicas - idle - busy;
        var room = Math.Min(max - idle - busy, Math.Max(0, max - replicas) + starting);
        return new SandboxCapacity(idle, busy, room);
    }
}
