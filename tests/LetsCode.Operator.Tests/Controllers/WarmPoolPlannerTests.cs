using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Controllers;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Tests.Support;

namespace LetsCode.Operator.Tests.Controllers;

public sealed class WarmPoolPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    private int _names;

    private Pod PoolPod(string state = SandboxLabels.Idle, bool ready = true, TimeSpan? age = null, string? phase = null, bool terminating = false)
    {
        var pod = new SandboxPodRenderer().RenderIdle(Samples.Pool());
        pod.Metadata.Name = $"p{_names++}";
        pod.Metadata.Labels![SandboxLabels.State] = state;
        pod.Metadata.CreationTimestamp = Now - (age ?? TimeSpan.FromSeconds(10));
        pod.Metadata.DeletionTimestamp = terminating ? Now : null;
        pod.Status = new PodStatus
        {
            Phase = phase ?? (ready ? "Running" : "Pending"),
            Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        };
        return pod;
    }

    [Fact]
    public void An_empty_pool_creates_its_minimum()
    {
        var plan = WarmPoolPlanner.Plan(Samples.Pool(min: 2, max: 5), [], Now, ReadyTimeout, null);
        Assert.Equal(2, plan.Create);
        Assert.Empty(plan.Delete);
        Assert.Equal(2, plan.Status.Desired);
    }

    [Fact]
    public void Starting_pods_count_as_idle_so_they_are_not_created_twice()
    {
        var plan = WarmPoolPlanner.Plan(Samples.Pool(min: 2), [PoolPod(ready: false), PoolPod(ready: false)], Now, ReadyTimeout, null);
        Assert.Equal(0, plan.Create);
        Assert.Equal(0, plan.Status.Idle);
        Assert.Equal(2, plan.Status.IdleReplicas);
        Assert.NotNull(plan.RecheckAfter);
    }

    [Fact]
    public void Claimed_pods_are_busy_and_the_pool_refills_up_to_its_maximum()
    {
        var pods = new[] { PoolPod(SandboxLabels.Claimed), PoolPod(SandboxLabels.Claimed), PoolPod(SandboxLabels.Claimed), PoolPod() };
        var plan = WarmPoolPlanner.Plan(Samples.Pool(min: 3, max: 5), pods, Now, ReadyTimeout, null);
        Assert.Equal(1, plan.Create); // wants 2 more idle, but 4 + 1 = max
        Assert.Equal((3, 1, 4), (plan.Status.Busy!.Value, plan.Status.Idle!.Value, plan.Status.Replicas!.Value));
    }

    /// <summary>
    /// The scale subresource pairs spec.replicas with status.idleReplicas, so the two must count the same pods: the
    /// idle ones, Ready or starting, that the planner holds against the target. Busy, failed, timed-out and
    /// terminating pods are not in it (status.replicas still counts every live pod).
    /// </summary>
    [Fact]
    public void Status_idle_replicas_counts_exactly_what_spec_replicas_targets()
    {
        var pods = new[]
        {
            PoolPod(), PoolPod(), PoolPod(ready: false), PoolPod(SandboxLabels.Claimed), PoolPod(SandboxLabels.Claimed),
            PoolPod(phase: "Failed", ready: false), PoolPod(ready: false, age: TimeSpan.FromMinutes(3)), PoolPod(terminating: true),
        };
        var plan = WarmPoolPlanner.Plan(Samples.Pool(min: 1, max: 10, replicas: 4), pods, Now, ReadyTimeout, null);
        Assert.Equal(3, plan.Status.IdleReplicas); // two Ready, one starting
        Assert.Equal(2, plan.Status.Idle);
        Assert.Equal(5, plan.Status.Replicas);
        Assert.Equal(4 - plan.Status.IdleReplicas, plan.Create); // the target is met by creating the difference

        // Once the created pod exists, the scale subresource reads spec.replicas == status.replicas: nothing to do.
        var filled = WarmPoolPlanner.Plan(Samples.Pool(min: 1, max: 10, replicas: 4), [.. pods, PoolPod(ready: false)], Now, ReadyTimeout, null);
        Assert.Equal((4, 0), (filled.Status.IdleReplicas!.Value, filled.Create));
    }

    [Fact]
    public void Spec_replicas_is_the_target_clamped_to_min_and_max()
    {
        Assert.Equal(4, WarmPoolPlanner.Plan(Samples.Pool(min: 1, max: 5, replicas: 4), [], Now, ReadyTimeout, null).Create);
        Assert.Equal(5, WarmPoolPlanner.Plan(Samples.Pool(min: 1, max: 5, replicas: 40), [], Now, ReadyTimeout, null).Create);
        Assert.Equal(1, WarmPoolPlanner.Plan(Samples.Pool(min: 1, max: 5, replicas: 0), [], Now, ReadyTimeout, null).Create);
    }

    [Fact]
    public void Failed_idle_pods_and_pods_never_Ready_are_replaced()
    {
        var failed = PoolPod(phase: "Failed", ready: false);
        var stuck = PoolPod(ready: false, age: TimeSpan.FromMinutes(3));
        var plan = WarmPoolPlanner.Plan(Samples.Pool(min: 2), [failed, stuck, PoolPod()], Now, ReadyTimeout, null);
        Assert.Equal([failed.Metadata.Name, stuck.Metadata.Name], plan.Delete.Select(d => d.Pod.Metadata.Name));
        Assert.Equal(1, plan.Create);
    }

    [Fact]
    public void Terminating_pods_are_ignored()
    {
        var plan = WarmPoolPlanner.Plan(Samples.Pool(min: 2), [PoolPod(terminating: true), PoolPod()], Now, ReadyTimeout, null);
        Assert.Equal(1, plan.Create);
        Assert.Empty(plan.Delete);
    }

    [Fact]
    public void Surplus_idle_pods_go_only_after_the_scale_down_delay()
    {
        var pool = Samples.Pool(min: 1, max: 5, delay: 60);
        var pods = new[] { PoolPod(age: TimeSpan.FromMinutes(5)), PoolPod(age: TimeSpan.FromMinutes(1)), PoolPod(ready: false) };

        var first = WarmPoolPlanner.Plan(pool, pods, Now, ReadyTimeout, null);
        Assert.Empty(first.Delete);
        Assert.Equal(Now, first.SurplusSince);
        Assert.Equal(TimeSpan.FromSeconds(60), first.RecheckAfter);

        var later = WarmPoolPlanner.Plan(pool, pods, Now + TimeSpan.FromSeconds(61), ReadyTimeout, first.SurplusSince);
        // Two surplus: the starting pod first, then the youngest Ready one; the oldest stays.
        Assert.Equal([pods[2].Metadata.Name, pods[1].Metadata.Name], later.Delete.Select(d => d.Pod.Metadata.Name));
        Assert.Null(later.SurplusSince);
    }

    [Fact]
    public void Surplus_that_disappears_resets_the_delay()
    {
        var pool = Samples.Pool(min: 1, max: 5, delay: 60);
        var plan = WarmPoolPlanner.Plan(pool, [PoolPod()], Now, ReadyTimeout, Now - TimeSpan.FromMinutes(10));
        Assert.Null(plan.SurplusSince);
        Assert.Empty(plan.Delete);
    }
}
