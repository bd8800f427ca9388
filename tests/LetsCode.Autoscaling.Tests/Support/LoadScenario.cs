using LetsCode.Autoscaling.Forecasting;
using LetsCode.Autoscaling.Planning;

namespace LetsCode.Autoscaling.Tests.Support;

/// <summary>
/// Drives forecaster + planner + stabilizer through a load curve the way the scaler does: one decision every
/// <paramref name="tick"/>, with the per-minute counts of the curve so far. Deterministic (the curve gives counts).
/// </summary>
public sealed class LoadScenario(PoolBounds bounds, TimeSpan startup, TimeSpan? tick = null, CapacityPolicy? policy = null)
{
    private readonly TimeSpan _tick = tick ?? TimeSpan.FromSeconds(15);
    private readonly HoltForecaster _forecaster = new();
    private readonly CapacityPlanner _planner = new(policy);
    private readonly ScaleDownStabilizer _stabilizer = new(policy);

    public const int HistoryMinutes = 60;

    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Targets at each tick over <paramref name="minutes"/>; <paramref name="perSecond"/> gives the rate in each second.</summary>
    public List<(TimeSpan At, int Target)> Run(int minutes, Func<int, double> perSecond, int initial)
    {
        var prefix = new double[(minutes * 60) + 1];
        for (var s = 0; s < minutes * 60; s++)
        {
            prefix[s + 1] = prefix[s] + perSecond(s);
        }

        var targets = new List<(TimeSpan, int)>();
        var current = initial;
        for (var at = _tick; at <= TimeSpan.FromMinutes(minutes); at += _tick)
        {
            var second = (int)at.TotalSeconds;
            var complete = second / 60;
            var first = Math.Max(0, complete - HistoryMinutes);
            var counts = Enumerable.Range(first, complete - first).Select(m => (long)Math.Round(prefix[(m + 1) * 60] - prefix[m * 60])).ToList();
            var partial = (long)Math.Round(prefix[second] - prefix[complete * 60]);
            var history = new ArrivalHistory(ArrivalHistory.UnixMinute(Start) + first, counts, partial, TimeSpan.FromSeconds(second - (complete * 60)));
            var forecast = _forecaster.Forecast(history, startup);
            var plan = _planner.Plan(forecast.ArrivalsPerSecond, startup, TimeSpan.FromSeconds(2), 0, bounds);
            current = _stabilizer.Decide(Start + at, current, plan.Recommended, bounds);
            targets.Add((at, current));
        }

        return targets;
    }

    /// <summary>How often the target changed direction (up after down or down after up).</summary>
    public static int Reversals(IEnumerable<int> targets)
    {
        var reversals = 0;
        var lastDirection = 0;
        var previous = (int?)null;
        foreach (var target in targets)
        {
            if (previous is { } p && target != p)
            {
                var direction = Math.Sign(target - p);
                if (lastDirection != 0 && direction != lastDirection)
                {
                    reversals++;
                }

                lastDirection = direction;
            }

            previous = target;
        }

        return reversals;
    }
}
