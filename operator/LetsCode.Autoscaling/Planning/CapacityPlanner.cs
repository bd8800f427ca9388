namespace LetsCode.Autoscaling.Planning;

/// <summary>
/// The idle target of a warm pool from a forecast arrival rate, by Little's law (docs/autoscaling.md):
/// <code>
///   idle = ceil(headroom * lambda * S + z * sqrt(lambda * S)) + min(B, ceil(B * S / H)),   clamped to [min, max]
/// </code>
/// lambda: forecast arrivals/s; S: pod start-up time; B: queue backlog; H: drain horizon. Every submission takes one
/// idle pod and the operator starts a replacement at once, which is Ready S later; so in steady state lambda * S pods
/// of the target are still starting, and only the rest are Ready for the next arrival. The judge duration W does not
/// enter the idle target (a claimed pod has left the idle set) but sizes the busy pods, lambda * W, reported alongside.
/// Pure and deterministic.
/// </summary>
public sealed class CapacityPlanner
{
    private readonly CapacityPolicy _policy;

    public CapacityPlanner(CapacityPolicy? policy = null)
    {
        _policy = policy ?? new CapacityPolicy();
        _policy.Validate();
    }

    public CapacityPolicy Policy => _policy;

    /// <param name="arrivalsPerSecond">Forecast arrival rate (lambda).</param>
    /// <param name="startupTime">Pod start-up time S: create to Ready.</param>
    /// <param name="judgeDuration">Mean judge duration W (only for the busy estimate).</param>
    /// <param name="backlog">Submissions waiting in the queue (B).</param>
    public CapacityPlan Plan(double arrivalsPerSecond, TimeSpan startupTime, TimeSpan judgeDuration, long backlog, PoolBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        if (!(arrivalsPerSecond >= 0) || double.IsInfinity(arrivalsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(arrivalsPerSecond), arrivalsPerSecond, "Must be a finite rate >= 0.");
        }

        if (startupTime < TimeSpan.Zero || judgeDuration < TimeSpan.Zero || backlog < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(startupTime), "Start-up time, judge duration and backlog cannot be negative.");
        }

        var replenishing = arrivalsPerSecond * startupTime.TotalSeconds;
        var safety = _policy.SafetyDeviations * Math.Sqrt(replenishing);

        // Draining B within H needs B/H more replacements per second, i.e. (B/H)*S more pods starting; never more
        // than one per waiting submission (when H < S they all need a pod right away).
        var drain = Math.Min(backlog, (long)Math.Ceiling(backlog * startupTime.TotalSeconds / _policy.BacklogDrainHorizon.TotalSeconds));

        // Guard the ceil against float dust: 1.2 * 5 is 6.000000000000001.
        var steady = (long)Math.Ceiling(Math.Round((_policy.Headroom * replenishing) + safety, 9));
        var unclamped = SaturatingAdd(steady, drain);
        return new CapacityPlan(arrivalsPerSecond, replenishing, safety, drain, unclamped, bounds.Clamp(unclamped),
            arrivalsPerSecond * judgeDuration.TotalSeconds);
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
