using LetsCode.Autoscaling.Planning;

namespace LetsCode.Autoscaling.Tests.Planning;

public sealed class CapacityPlannerTests
{
    private static readonly PoolBounds Wide = new(0, 10_000, TimeSpan.FromMinutes(5));
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Judge = TimeSpan.FromSeconds(2);

    [Fact]
    public void Littles_law_sizes_the_pods_being_replaced_plus_headroom_and_poisson_safety()
    {
        // lambda = 5/s, S = 10 s: 50 pods replenishing; 1.2 * 50 + 2 * sqrt(50) = 60 + 14.14 -> 75.
        var plan = new CapacityPlanner().Plan(5, Startup, Judge, 0, Wide);
        Assert.Equal(50, plan.Replenishing, 9);
        Assert.Equal(2 * Math.Sqrt(50), plan.Safety, 9);
        Assert.Equal(75, plan.Recommended);
        Assert.Equal(10, plan.ExpectedBusy, 9); // lambda * W
    }

    [Fact]
    public void No_load_needs_no_pod_and_a_trickle_needs_one()
    {
        var planner = new CapacityPlanner();
        Assert.Equal(0, planner.Plan(0, Startup, Judge, 0, Wide).Recommended);
        Assert.Equal(1, planner.Plan(0.01, Startup, Judge, 0, Wide).Recommended);
    }

    [Fact]
    public void Float_dust_does_not_add_a_pod()
    {
        var planner = new CapacityPlanner(new CapacityPolicy { SafetyDeviations = 0 });
        Assert.Equal(6, planner.Plan(0.5, Startup, Judge, 0, Wide).Recommended); // 1.2 * 5 = 6.000000000000001
    }

    [Fact]
    public void A_backlog_adds_the_pods_that_drain_it_within_the_horizon_but_never_more_than_one_each()
    {
        var planner = new CapacityPlanner(new CapacityPolicy { SafetyDeviations = 0, BacklogDrainHorizon = TimeSpan.FromSeconds(60) });
        Assert.Equal(100, planner.Plan(0, Startup, Judge, 600, Wide).Drain);     // 600/60 s * 10 s
        Assert.Equal(1, planner.Plan(0, Startup, Judge, 1, Wide).Drain);         // ceil(1/6)
        Assert.Equal(0, planner.Plan(0, Startup, Judge, 0, Wide).Drain);

        var impatient = new CapacityPlanner(new CapacityPolicy { BacklogDrainHorizon = TimeSpan.FromSeconds(1) });
        Assert.Equal(40, impatient.Plan(0, Startup, Judge, 40, Wide).Drain);      // capped at one pod per waiting submission
    }

    [Fact]
    public void Recommendations_are_clamped_to_the_pool_bounds()
    {
        var planner = new CapacityPlanner();
        var bounds = new PoolBounds(2, 20, TimeSpan.Zero);
        Assert.Equal(2, planner.Plan(0, Startup, Judge, 0, bounds).Recommended);
        var burst = planner.Plan(50, Startup, Judge, 5_000, bounds);
        Assert.Equal(20, burst.Recommended);
        Assert.True(burst.Unclamped > 600);
        Assert.Equal(20, planner.Plan(1e9, Startup, Judge, long.MaxValue, bounds).Recommended);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        var planner = new CapacityPlanner();
        Assert.Throws<ArgumentOutOfRangeException>(() => planner.Plan(double.NaN, Startup, Judge, 0, Wide));
        Assert.Throws<ArgumentOutOfRangeException>(() => planner.Plan(-1, Startup, Judge, 0, Wide));
        Assert.Throws<ArgumentOutOfRangeException>(() => planner.Plan(1, Startup, Judge, -1, Wide));
        Assert.Throws<ArgumentException>(() => new PoolBounds(3, 2, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CapacityPlanner(new CapacityPolicy { Headroom = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CapacityPlanner(new CapacityPolicy { MaxScaleDownFraction = 0 }));
    }
}
