using LetsCode.Kubernetes.Controllers;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Tests.Support;

namespace LetsCode.Kubernetes.Tests.Controllers;

public sealed class LeaderElectionTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static LeaderElectionOptions Options(string ns, string identity) => new()
    {
        LeaseNamespace = ns,
        LeaseName = "letscode-operator",
        Identity = identity,
        // The lease outlasts the renew deadline by 3 s, so the timing assertions below keep a margin that a busy
        // 2-core machine running several test projects at once cannot eat.
        LeaseDuration = TimeSpan.FromSeconds(5),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(250),
    };

    /// <summary>Tracks who leads; fails the test if two ever lead at once.</summary>
    private sealed class Leadership
    {
        private readonly Lock _gate = new();
        private int _leaders;

        public List<string> History { get; } = [];
        public bool Overlapped { get; private set; }
        public string? Current { get; private set; }

        public Func<CancellationToken, Task> Work(string identity) => async token =>
        {
            lock (_gate)
            {
                _leaders++;
                Overlapped |= _leaders > 1;
                Current = identity;
                History.Add(identity);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                lock (_gate)
                {
                    _leaders--;
                    if (Current == identity)
                    {
                        Current = null;
                    }
                }
            }
        };
    }

    [Fact]
    public async Task Released_lease_is_handed_over_at_once()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var leases = client.For(KubernetesResources.Leases);
        var leadership = new Leadership();
        var a = new LeaderElector(leases, Options(ns, "a"));
        var b = new LeaderElector(leases, Options(ns, "b"));
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();

        var runA = a.RunAsync(leadership.Work("a"), stopA.Token);
        await Eventually.TrueAsync(() => a.IsLeader, "a leads");
        var runB = b.RunAsync(leadership.Work("b"), stopB.Token);
        await Task.Delay(1000);
        Assert.False(b.IsLeader);
        Assert.Equal("a", b.ObservedLeader);

        var handOver = System.Diagnostics.Stopwatch.StartNew();
        await stopA.CancelAsync();
        await runA.WaitAsync(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => b.IsLeader, "b leads after a released");
        // Released, so b did not wait for the 5 s lease to run out.
        Assert.True(handOver.Elapsed < TimeSpan.FromSeconds(5), $"hand-over took {handOver.Elapsed}");

        var lease = await leases.GetAsync(ns, "letscode-operator");
        Assert.Equal("b", lease.Spec!.HolderIdentity);
        Assert.True(lease.Spec.LeaseTransitions >= 1);

        await stopB.CancelAsync();
        await runB.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(leadership.Overlapped);
        Assert.Equal(["a", "b"], leadership.History);
    }

    [Fact]
    public async Task A_leader_that_cannot_renew_stops_and_another_takes_over_after_the_lease_expires()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var leases = client.For(KubernetesResources.Leases);
        var partitioned = new GatedResourceClient<Lease>(leases);
        var leadership = new Leadership();
        var a = new LeaderElector(partitioned, Options(ns, "a"));
        var b = new LeaderElector(leases, Options(ns, "b"));
        using var stop = new CancellationTokenSource();

        var runA = a.RunAsync(leadership.Work("a"), stop.Token);
        await Eventually.TrueAsync(() => a.IsLeader, "a leads");
        var runB = b.RunAsync(leadership.Work("b"), stop.Token);

        partitioned.FailWith = new HttpRequestException("network partition");
        var partitionedAt = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.TrueAsync(() => !a.IsLeader, "a steps down", TimeSpan.FromSeconds(5));
        Assert.True(partitionedAt.Elapsed >= TimeSpan.FromSeconds(1.5), $"a stepped down after {partitionedAt.Elapsed}, before its renew deadline");
        await Eventually.TrueAsync(() => b.IsLeader, "b takes over", TimeSpan.FromSeconds(15));
        Assert.False(leadership.Overlapped);

        // a comes back: it must not take the lease from a live leader.
        partitioned.FailWith = null;
        await Task.Delay(1000);
        Assert.True(b.IsLeader);
        Assert.False(a.IsLeader);

        await stop.CancelAsync();
        await Task.WhenAll(runA, runB).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(leadership.Overlapped);
        Assert.Equal(["a", "b"], leadership.History);
    }

    [Fact]
    public async Task A_leader_whose_renewals_hang_steps_down_within_the_renew_deadline()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var leases = client.For(KubernetesResources.Leases);
        var hanging = new GatedResourceClient<Lease>(leases);
        var leadership = new Leadership();
        var a = new LeaderElector(hanging, Options(ns, "a"));
        var b = new LeaderElector(leases, Options(ns, "b"));
        using var stop = new CancellationTokenSource();
        var runA = a.RunAsync(leadership.Work("a"), stop.Token);
        await Eventually.TrueAsync(() => a.IsLeader, "a leads");
        var runB = b.RunAsync(leadership.Work("b"), stop.Token);

        hanging.HangReplaces = true;
        var since = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.TrueAsync(() => !a.IsLeader, "a steps down", TimeSpan.FromSeconds(5));
        // The safety bound: a stopped before its 5 s lease could have expired for anyone else (not after the 60 s request timeout).
        Assert.True(since.Elapsed < TimeSpan.FromSeconds(5), $"a led on for {since.Elapsed} with a 5 s lease");
        await Eventually.TrueAsync(() => b.IsLeader, "b takes over", TimeSpan.FromSeconds(15));

        await stop.CancelAsync();
        await Task.WhenAll(runA, runB).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(leadership.Overlapped);
    }

    [Fact]
    public void Unsafe_timings_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new LeaderElector(null!, Options("ns", "a") with { RenewDeadline = TimeSpan.FromSeconds(5) }));
        Assert.Throws<ArgumentException>(() => new LeaderElector(null!, Options("ns", "a") with { RetryPeriod = TimeSpan.FromSeconds(2.5) }));
    }
}
