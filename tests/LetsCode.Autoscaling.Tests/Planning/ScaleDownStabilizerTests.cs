using LetsCode.Autoscaling.Planning;

namespace LetsCode.Autoscaling.Tests.Planning;

public sealed class ScaleDownStabilizerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PoolBounds Bounds = new(1, 100, TimeSpan.FromMinutes(5));
    private static readonly CapacityPolicy Policy = new() { MaxScaleDownFraction = 0.25, ScaleDownInterval = TimeSpan.FromMinutes(1) };

    [Fact]
    public void Scales_up_at_once()
    {
        var stabilizer = new ScaleDownStabilizer(Policy);
        Assert.Equal(40, stabilizer.Decide(T0, 2, 40, Bounds));
    }

    [Fact]
    public void Scales_down_only_after_the_delay_and_by_bounded_steps()
    {
        var stabilizer = new ScaleDownStabilizer(Policy);
        Assert.Equal(40, stabilizer.Decide(T0, 2, 40, Bounds));

        // Lower recommendations for less than the delay: held.
        for (var s = 15; s < 300; s += 15)
        {
            Assert.Equal(40, stabilizer.Decide(T0.AddSeconds(s), 40, 4, Bounds));
        }

        // The 40 has left the window: down by at most 25 % (10 pods), then again only a minute later.
        Assert.Equal(30, stabilizer.Decide(T0.AddSeconds(301), 40, 4, Bounds));
        Assert.Equal(30, stabilizer.Decide(T0.AddSeconds(330), 30, 4, Bounds));
        Assert.Equal(22, stabilizer.Decide(T0.AddSeconds(361), 30, 4, Bounds));
        Assert.Equal(16, stabilizer.Decide(T0.AddSeconds(421), 22, 4, Bounds));
        Assert.Equal(12, stabilizer.Decide(T0.AddSeconds(481), 16, 4, Bounds));
        Assert.Equal(9, stabilizer.Decide(T0.AddSeconds(541), 12, 4, Bounds));
        Assert.Equal(6, stabilizer.Decide(T0.AddSeconds(601), 9, 4, Bounds));
        Assert.Equal(4, stabilizer.Decide(T0.AddSeconds(661), 6, 4, Bounds)); // never below the window's highest
        Assert.Equal(4, stabilizer.Decide(T0.AddSeconds(721), 4, 4, Bounds));
    }

    [Fact]
    public void A_scale_down_that_could_not_be_written_does_not_hold_back_the_next()
    {
        var stabilizer = new ScaleDownStabilizer(Policy);
        stabilizer.Decide(T0, 40, 40, Bounds);
        Assert.Equal(30, stabilizer.Decide(T0.AddSeconds(301), 40, 4, Bounds));
        stabilizer.ScaleDownNotApplied(); // e.g. a 409: the pool is still at 40
        Assert.Equal(30, stabilizer.Decide(T0.AddSeconds(316), 40, 4, Bounds));
        Assert.Equal(30, stabilizer.Decide(T0.AddSeconds(331), 30, 4, Bounds)); // this one was applied: wait a minute
    }

    [Fact]
    public void Goes_down_only_to_the_highest_recommendation_of_the_window()
    {
        var stabilizer = new ScaleDownStabilizer(new CapacityPolicy { MaxScaleDownFraction = 1, ScaleDownInterval = TimeSpan.Zero });
        stabilizer.Decide(T0, 50, 50, Bounds);
        stabilizer.Decide(T0.AddSeconds(100), 50, 20, Bounds);
        stabilizer.Decide(T0.AddSeconds(200), 50, 5, Bounds);
        Assert.Equal(20, stabilizer.Decide(T0.AddSeconds(301), 50, 5, Bounds));
        Assert.Equal(5, stabilizer.Decide(T0.AddSeconds(401), 20, 5, Bounds));
    }

    [Fact]
    public void A_fresh_stabilizer_treats_the_current_target_as_recent_so_a_restart_never_drops_capacity()
    {
        var stabilizer = new ScaleDownStabilizer(Policy);
        Assert.Equal(30, stabilizer.Decide(T0, 30, 2, Bounds));
        Assert.Equal(30, stabilizer.Decide(T0.AddSeconds(299), 30, 2, Bounds));
        Assert.Equal(22, stabilizer.Decide(T0.AddSeconds(301), 30, 2, Bounds));
    }

    [Fact]
    public void Targets_and_recommendations_are_clamped()
    {
        var stabilizer = new ScaleDownStabilizer(Policy);
        var bounds = new PoolBounds(3, 8, TimeSpan.Zero);
        Assert.Equal(8, stabilizer.Decide(T0, 5, 500, bounds));
        Assert.Equal(3, new ScaleDownStabilizer(new CapacityPolicy { MaxScaleDownFraction = 1 }).Decide(T0, 0, 0, bounds));
    }
}
