using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Resources;

namespace LetsCode.Operator.Controllers;

/// <summary>What a WarmPool's reconcile should do, decided from observed state alone. Pure, so it is unit-tested.</summary>
public sealed record WarmPoolPlan
{
    public int Create { get; init; }

    /// <summary>Pods to delete now, with why (failed, never Ready, surplus).</summary>
    public IReadOnlyList<(Pod Pod, string Reason)> Delete { get; init; } = [];

    /// <summary>Idle pods beyond the target, kept until the scale-down delay has passed since this time.</summary>
    public DateTimeOffset? SurplusSince { get; init; }

    /// <summary>When to look again without any event (a pod's Ready timeout, the end of the scale-down delay).</summary>
    public TimeSpan? RecheckAfter { get; init; }

    public required WarmPoolStatus Status { get; init; }
}

public static class WarmPoolPlanner
{
    /// <param name="pods">The pool's pods (label letscode.dev/pool), from the informer cache.</param>
    /// <param name="surplusSince">When the pool first had surplus idle pods (null: it had none last time).</param>
    public static WarmPoolPlan Plan(WarmPool pool, IReadOnlyList<Pod> pods, DateTimeOffset now, TimeSpan readyTimeout, DateTimeOffset? surplusSince)
    {
        var spec = pool.Spec;
        var desired = spec.DesiredIdle;
        var max = spec.EffectiveMaxReplicas;
        var live = pods.Where(p => !PodStates.IsTerminating(p)).ToList();
        var delete = new List<(Pod, string)>();
        TimeSpan? recheck = null;

        // Failed idle pods are replaced. Claimed ones belong to their Submission, which notices and retries.
        foreach (var pod in live.Where(p => PodStates.IsIdle(p) && PodStates.IsFinished(p)))
        {
            delete.Add((pod, $"pod {pod.Status?.Phase}"));
        }

        var idle = live.Where(p => PodStates.IsIdle(p) && !PodStates.IsFinished(p)).ToList();
        var starting = new List<Pod>();
        foreach (var pod in idle.Where(p => !PodStates.IsReady(p)))
        {
            var age = now - (pod.Metadata.CreationTimestamp ?? now);
            if (age >= readyTimeout)
            {
                delete.Add((pod, $"not Ready after {readyTimeout.TotalSeconds:0}s"));
            }
            else
            {
                starting.Add(pod);
                recheck = Min(recheck, readyTimeout - age);
            }
        }

        var ready = idle.Where(PodStates.IsReady).ToList();
        var idleKept = ready.Count + starting.Count;
        var busy = live.Count(p => PodStates.IsClaimed(p));

        var create = Math.Max(0, Math.Min(desired - idleKept, max - (idleKept + busy)));
        var surplus = Math.Min(idleKept, Math.Max(idleKept - desired, idleKept + busy - max));
        DateTimeOffset? since = null;
        if (surplus > 0)
        {
            since = surplusSince ?? now;
            var delay = spec.EffectiveScaleDownDelay;
            if (now - since.Value >= delay)
            {
                // Starting pods first (they serve nobody yet), then the youngest Ready ones.
                var victims = starting.OrderByDescending(p => p.Metadata.CreationTimestamp)
                    .Concat(ready.OrderByDescending(p => p.Metadata.CreationTimestamp))
                    .Take(surplus);
                delete.AddRange(victims.Select(p => (p, "surplus idle pod")));
                since = null;
            }
            else
            {
                recheck = Min(recheck, delay - (now - since.Value));
            }
        }

        var status = new WarmPoolStatus
        {
            Replicas = idleKept + busy,
            IdleReplicas = idleKept,
            Ready = ready.Count + live.Count(p => PodStates.IsClaimed(p) && PodStates.IsReady(p)),
            Idle = ready.Count,
            Busy = busy,
            Desired = desired,
            Selector = SandboxLabels.PoolSelector(pool.Metadata.Name ?? ""),
            ObservedGeneration = pool.Metadata.Generation,
        };

        return new WarmPoolPlan { Create = create, Delete = delete, SurplusSince = since, RecheckAfter = recheck, Status = status };
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan b) => a is null || b < a ? b : a;
}
