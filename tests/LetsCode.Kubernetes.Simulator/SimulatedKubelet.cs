namespace LetsCode.Kubernetes.Simulator;

/// <summary>Knobs of the simulated node that schedules and starts pods.</summary>
public sealed class SimulatedKubelet
{
    private volatile bool _unschedulable;
    private long _podStartDelayTicks;
    private long _podTerminationDelayTicks;

    internal SimulatedKubelet(TimeSpan podStartDelay) => _podStartDelayTicks = podStartDelay.Ticks;

    internal event Action? Changed;

    /// <summary>While true, new pods stay Pending with PodScheduled=False, reason Unschedulable.</summary>
    public bool Unschedulable
    {
        get => _unschedulable;
        set { _unschedulable = value; Changed?.Invoke(); }
    }

    /// <summary>Time from scheduling to Running and Ready.</summary>
    public TimeSpan PodStartDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _podStartDelayTicks));
        set { Interlocked.Exchange(ref _podStartDelayTicks, value.Ticks); Changed?.Invoke(); }
    }

    /// <summary>
    /// How long a deleted pod that runs on the node stays Terminating (deletionTimestamp set, still listed) before
    /// the kubelet confirms the deletion; at most the pod's grace period. Zero (the default): pods go at once.
    /// </summary>
    public TimeSpan PodTerminationDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _podTerminationDelayTicks));
        set { Interlocked.Exchange(ref _podTerminationDelayTicks, value.Ticks); Changed?.Invoke(); }
    }
}
