namespace LetsCode.Autoscaling.Planning;

/// <summary>How <see cref="CapacityPlanner"/> arrived at a recommendation, term by term (for logs, metrics and tests).</summary>
/// <param name="ArrivalsPerSecond">lambda, the forecast arrival rate planned for.</param>
/// <param name="Replenishing">lambda * S: pods being started to replace claimed ones (Little's law).</param>
/// <param name="Safety">z * sqrt(lambda * S): Poisson noise within one start-up window.</param>
/// <param name="Drain">Extra pods to drain the queue backlog within the drain horizon.</param>
/// <param name="Unclamped">ceil(headroom * replenishing + safety) + drain.</param>
/// <param name="Recommended">Unclamped, clamped to the pool's [min, max].</param>
/// <param name="ExpectedBusy">lambda * W: pods judging at any time (not part of the idle target, but of the pool's pod count).</param>
public sealed record CapacityPlan(
    double ArrivalsPerSecond, double Replenishing, double Safety, long Drain, long Unclamped, int Recommended, double ExpectedBusy);
