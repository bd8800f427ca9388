namespace LetsCode.Autoscaling.Planning;

/// <summary>The knobs of <see cref="CapacityPlanner"/>; docs/autoscaling.md explains each with the formula.</summary>
public sealed record CapacityPolicy
{
    /// <summary>Multiplies the pods Little's law says are in replenishment (1.2: 20 % above the forecast).</summary>
    public double Headroom { get; init; } = 1.2;

    /// <summary>
    /// Standard deviations of Poisson noise covered on top: arrivals within one start-up window vary by sqrt(lambda*S),
    /// which matters most for small pools (at 1 arrival per start-up window, the mean alone leaves a third cold).
    /// </summary>
    public double SafetyDeviations { get; init; } = 2.0;

    /// <summary>How soon a queue backlog should be drained; sets the extra replenishment rate backlog / horizon.</summary>
    public TimeSpan BacklogDrainHorizon { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Changes smaller than this share of the current target are not made (the HPA's tolerance): noise of a few per
    /// cent would otherwise move the target every pass. Headroom covers the gap.
    /// </summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>Largest share of the current target one scale-down step may remove (at least one pod).</summary>
    public double MaxScaleDownFraction { get; init; } = 0.25;

    /// <summary>Least time between two scale-down steps.</summary>
    public TimeSpan ScaleDownInterval { get; init; } = TimeSpan.FromSeconds(60);

    public void Validate()
    {
        if (!(Headroom >= 1) || double.IsInfinity(Headroom))
        {
            throw new ArgumentOutOfRangeException(nameof(Headroom), Headroom, "Headroom must be a finite number >= 1.");
        }

        if (!(SafetyDeviations >= 0) || double.IsInfinity(SafetyDeviations))
        {
            throw new ArgumentOutOfRangeException(nameof(SafetyDeviations), SafetyDeviations, "Must be a finite number >= 0.");
        }

        if (BacklogDrainHorizon <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BacklogDrainHorizon), BacklogDrainHorizon, "Must be positive.");
        }

        if (!(Tolerance is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Must lie in [0, 1).");
        }

        if (!(MaxScaleDownFraction is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxScaleDownFraction), MaxScaleDownFraction, "Must lie in (0, 1].");
        }

        if (ScaleDownInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ScaleDownInterval), ScaleDownInterval, "Cannot be negative.");
        }
    }
}
