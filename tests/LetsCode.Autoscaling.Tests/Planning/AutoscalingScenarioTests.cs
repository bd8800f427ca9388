using LetsCode.Autoscaling.Planning;
using LetsCode.Autoscaling.Tests.Support;

namespace LetsCode.Autoscaling.Tests.Planning;

/// <summary>Forecaster, planner and stabilizer together, one decision every 15 s, over load curves.</summary>
public sealed class AutoscalingScenarioTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(10);
    private static readonly PoolBounds Bounds = new(1, 1_000, TimeSpan.FromMinutes(5));

    private static int PlanFor(double rate, PoolBounds? bounds = null) =>
        new CapacityPlanner().Plan(rate, Startup, TimeSpan.FromSeconds(2), 0, bounds ?? Bounds).Recommended;

    [Fact]
    public void Steady_load_gives_one_steady_target()
    {
        var targets = new LoadScenario(Bounds, Startup).Run(60, _ => 2, initial: 1);
        Assert.All(targets, t => Assert.Equal(PlanFor(2), t.Target));
        Assert.Equal(33, PlanFor(2)); // 1.2 * 20 + 2 * sqrt(20) = 32.9
    }

    [Fact]
    public void A_contest_burst_is_met_within_one_tick_and_released_only_after_the_delay_gradually()
    {
        // 1/s, then 50/s from minute 30 to 50, then 1/s again.
        static double Rate(int s) => s is >= 1800 and < 3000 ? 50 : 1;
        var targets = new LoadScenario(Bounds, Startup).Run(90, Rate, initial: PlanFor(1));

        Assert.Equal(PlanFor(1), targets.Single(t => t.At == TimeSpan.FromSeconds(1800)).Target);
        Assert.Equal(PlanFor(50), targets.Single(t => t.At == TimeSpan.FromSeconds(1815)).Target); // 15 s into the burst
        // Held through the burst and the delay after it; the damped trend overshoots a step by about 5 % at most.
        Assert.All(targets.Where(t => t.At.TotalSeconds is >= 1815 and <= 3000 + 300),
            t => Assert.InRange(t.Target, PlanFor(50), PlanFor(50 * 1.08)));

        var after = targets.Where(t => t.At.TotalSeconds > 3000).Select(t => t.Target).ToList();
        Assert.True(after.Zip(after.Skip(1)).All(p => p.Second <= p.First), "after the burst the target only falls");
        var steps = after.Zip(after.Skip(1)).Where(p => p.Second < p.First).ToList();
        Assert.All(steps, p => Assert.True(p.First - p.Second <= Math.Ceiling(p.First * 0.25), $"{p.First} -> {p.Second} is too big a step"));
        Assert.Equal(PlanFor(1), after[^1]);
        Assert.Equal(1, LoadScenario.Reversals(targets.Select(t => t.Target))); // up once, down once (in steps)
    }

    [Fact]
    public void A_ramp_is_followed_upwards_without_falling_behind_littles_law()
    {
        static double Rate(int s) => 20.0 * s / 3600; // 0 -> 20/s over an hour
        var targets = new LoadScenario(Bounds, Startup).Run(60, Rate, initial: 1);
        Assert.True(targets.Zip(targets.Skip(1)).All(p => p.Second.Target >= p.First.Target), "a ramp never scales down");
        Assert.All(targets.Where(t => t.At >= TimeSpan.FromMinutes(2)),
            t => Assert.True(t.Target >= Math.Ceiling(Rate((int)t.At.TotalSeconds) * Startup.TotalSeconds),
                $"at {t.At} the target {t.Target} is below the pods replenishing"));
    }

    [Fact]
    public void A_quiet_night_keeps_at_most_a_pod_or_two_and_none_after_an_hour_of_silence()
    {
        var night = new PoolBounds(0, 1_000, TimeSpan.FromMinutes(5));
        static double Rate(int s) => s is 300 or 1500 ? 1 : 0; // two submissions in the night
        var targets = new LoadScenario(night, Startup).Run(150, Rate, initial: 0);
        Assert.All(targets, t => Assert.InRange(t.Target, 0, 2));
        Assert.Contains(targets, t => t.Target > 0);
        Assert.Equal(0, targets[^1].Target);
        Assert.All(targets.Where(t => t.At < TimeSpan.FromSeconds(300)), t => Assert.Equal(0, t.Target));
    }

    [Fact]
    public void Noisy_load_does_not_flap()
    {
        var random = new Random(42);
        var rates = Enumerable.Range(0, 120 * 60).Select(_ => random.NextDouble() * 20).ToArray(); // mean 10/s, each second 0..20
        var targets = new LoadScenario(Bounds, Startup).Run(120, s => rates[s], initial: 1);
        var settled = targets.Where(t => t.At >= TimeSpan.FromMinutes(5)).Select(t => t.Target).ToList();
        Assert.True(LoadScenario.Reversals(settled) <= 2, $"reversals: {LoadScenario.Reversals(settled)}");
        Assert.True(settled.Zip(settled.Skip(1)).Count(p => p.First != p.Second) <= 6, "few changes");
        Assert.All(settled, t => Assert.InRange(t, PlanFor(10), PlanFor(20)));
    }

    [Fact]
    public void Oscillating_load_holds_the_peak_instead_of_following_each_swing()
    {
        static double Rate(int s) => (s / 120) % 2 == 0 ? 5 : 30; // 2 minutes at 5/s, 2 minutes at 30/s, ...
        var targets = new LoadScenario(Bounds, Startup).Run(60, Rate, initial: 1);
        Assert.Equal(0, LoadScenario.Reversals(targets.Select(t => t.Target)));
        Assert.All(targets.Where(t => t.At >= TimeSpan.FromMinutes(3)), t => Assert.Equal(PlanFor(30), t.Target));
    }

    [Fact]
    public void Min_and_max_clamp_every_target()
    {
        var small = new PoolBounds(3, 8, TimeSpan.FromMinutes(1));
        static double Rate(int s) => s is >= 600 and < 1200 ? 50 : 0;
        var targets = new LoadScenario(small, Startup).Run(90, Rate, initial: 3);
        Assert.All(targets, t => Assert.InRange(t.Target, 3, 8));
        Assert.Equal(8, targets.Single(t => t.At == TimeSpan.FromSeconds(615)).Target);
        Assert.Equal(3, targets[^1].Target);
    }
}
