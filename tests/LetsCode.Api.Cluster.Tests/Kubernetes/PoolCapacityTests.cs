using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Tests.Kubernetes;

public sealed class PoolCapacityTests
{
    [Fact]
    public void Idle_busy_and_room_come_from_the_status_and_max_replicas()
    {
        var capacity = PoolCapacity.Of(Pool("python3", max: 4, replicas: 3, idle: 2, busy: 1));

        Assert.Equal(new SandboxCapacity(Idle: 2, Busy: 1, RoomToGrow: 1), capacity);
        Assert.Equal(4, capacity.Slots);
    }

    [Fact]
    public void Pods_still_starting_count_as_room_to_grow()
    {
        // 3 live pods of which 1 is not Ready yet: it is neither idle nor busy, and becomes idle soon.
        var capacity = PoolCapacity.Of(Pool("python3", max: 4, replicas: 3, idle: 1, busy: 1));

        Assert.Equal(new SandboxCapacity(1, 1, 2), capacity);
    }

    [Fact]
    public void A_pool_without_status_yet_offers_its_max_as_room()
    {
        var pool = Pool("python3", max: 5, replicas: 0, idle: 0, busy: 0);
        pool.Status = null;

        Assert.Equal(new SandboxCapacity(0, 0, 5), PoolCapacity.Of(pool));
    }

    [Fact]
    public void Cold_pods_beyond_max_do_not_raise_the_slots_above_max()
    {
        // The operator started a cold pod for a waiting Submission: 3 busy pods in a pool of max 2.
        var capacity = PoolCapacity.Of(Pool("python3", max: 2, replicas: 3, idle: 0, busy: 3));

        Assert.Equal(new SandboxCapacity(0, 2, 0), capacity);
        Assert.Equal(2, capacity.Slots);
    }

    [Fact]
    public void Pools_of_one_language_add_up_and_others_are_ignored()
    {
        var pools = new[]
        {
            Pool("python3", max: 4, replicas: 2, idle: 2, busy: 0),
            Pool("python3", max: 2, replicas: 1, idle: 0, busy: 1),
            Pool("cpp17", max: 10, replicas: 10, idle: 10, busy: 0),
        };

        Assert.Equal(new SandboxCapacity(2, 1, 3), PoolCapacity.Of("python3", pools));
        Assert.Null(PoolCapacity.Of("java", pools));
    }

    [Fact]
    public void A_pool_being_deleted_offers_nothing()
    {
        var pool = Pool("python3", max: 4, replicas: 2, idle: 2, busy: 0);
        pool.Metadata.DeletionTimestamp = DateTimeOffset.UtcNow;

        Assert.Null(PoolCapacity.Of("python3", [pool]));
    }

    private static WarmPool Pool(string language, int max, int replicas, int idle, int busy) => new()
    {
        Metadata = new ObjectMeta { Name = $"{language}-{Guid.NewGuid():N}"[..20], Namespace = "ns" },
        Spec = new WarmPoolSpec { Language = language, MinReplicas = 0, MaxReplicas = max },
        Status = new WarmPoolStatus { Replicas = replicas, Idle = idle, Busy = busy, Ready = idle + busy },
    };
}
