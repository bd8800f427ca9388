using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Api.Cluster.Tests.Kubernetes.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Tests.Kubernetes;

/// <summary>The two seams against the simulated API server, with our CRDs installed (no operator: statuses are written here).</summary>
public sealed class KubernetesSeamsTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private SandboxNamespace cluster = null!;

    public async Task InitializeAsync() => cluster = await SandboxNamespace.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Capacity_follows_the_warm_pool_status()
    {
        var replica = cluster.StartReplica();
        await cluster.CreatePoolAsync("python3", "python3", min: 2, max: 4);

        // No status yet (no operator ran): the pool's max is all room.
        await SandboxNamespace.EventuallyAsync(() => replica.Capacity.GetAsync("python3", default),
            c => c == new SandboxCapacity(0, 0, 4), Wait, "capacity before any status");

        await cluster.SetPoolStatusAsync("python3", replicas: 3, idle: 2, busy: 1);
        await SandboxNamespace.EventuallyAsync(() => replica.Capacity.GetAsync("python3", default),
            c => c == new SandboxCapacity(2, 1, 1), Wait, "capacity after the status");

        await cluster.SetPoolStatusAsync("python3", replicas: 4, idle: 0, busy: 4);
        await SandboxNamespace.EventuallyAsync(() => replica.Capacity.GetAsync("python3", default),
            c => c == new SandboxCapacity(0, 4, 0), Wait, "capacity of a full pool");

        Assert.Null(await replica.Capacity.GetAsync("java", default));

        await cluster.Pools.DeleteAsync(SandboxNamespace.Namespace, "python3");
        await SandboxNamespace.EventuallyAsync(() => replica.Capacity.GetAsync("python3", default),
            c => c is null, Wait, "capacity after the pool was deleted");
    }

    [Fact]
    public async Task Create_is_idempotent_by_name_across_replicas()
    {
        var first = cluster.StartReplica(new SubmissionResourceOptions { TtlSecondsAfterFinished = 90, Priority = 5 });
        var second = cluster.StartReplica();
        var spec = Spec(Guid.NewGuid());

        Assert.Equal(CreateOutcome.Created, await first.Resources.CreateAsync(spec, default));
        // A retry by the same replica, and the replica that took the entry over, both meet the existing resource.
        Assert.Equal(CreateOutcome.AlreadyExisted, await first.Resources.CreateAsync(spec, default));
        Assert.Equal(CreateOutcome.AlreadyExisted, await second.Resources.CreateAsync(spec with { Source = "changed" }, default));

        var all = (await cluster.Submissions.ListAsync(SandboxNamespace.Namespace)).Items;
        var stored = Assert.Single(all);
        Assert.Equal(spec.Name, stored.Metadata.Name);
        Assert.Equal("print(1)", stored.Spec.Source);
        Assert.Equal(spec.SuiteSha256, stored.Spec.TestsRef!.Sha256);
        Assert.Null(stored.Spec.Tests);
        Assert.Equal(spec.SubmissionId.ToString("N"), stored.Metadata.Labels![SubmissionLabels.SubmissionId]);
        Assert.Equal("python3", stored.Metadata.Labels[SubmissionLabels.Language]);
        Assert.Equal(90, stored.Spec.TtlSecondsAfterFinished);
        Assert.Equal(5, stored.Spec.Priority);
    }

    [Fact]
    public async Task Concurrent_creates_of_one_submission_make_one_resource()
    {
        var replicas = Enumerable.Range(0, 4).Select(_ => cluster.StartReplica()).ToList();
        var spec = Spec(Guid.NewGuid());

        var outcomes = await Task.WhenAll(replicas.SelectMany(r => Enumerable.Range(0, 5).Select(_ => r.Resources.CreateAsync(spec, default))));

        Assert.Equal(1, outcomes.Count(o => o == CreateOutcome.Created));
        Assert.Single((await cluster.Submissions.ListAsync(SandboxNamespace.Namespace)).Items);
    }

    [Fact]
    public async Task A_spec_the_schema_refuses_is_an_error_not_a_success()
    {
        var replica = cluster.StartReplica();

        await Assert.ThrowsAsync<InvalidException>(() => replica.Resources.CreateAsync(Spec(Guid.NewGuid()) with { SuiteSha256 = "not-a-hash" }, default));
        Assert.Empty((await cluster.Submissions.ListAsync(SandboxNamespace.Namespace)).Items);
    }

    [Fact]
    public async Task Active_lists_unfinished_resources_of_the_language()
    {
        var replica = cluster.StartReplica();
        var running = Spec(Guid.NewGuid());
        var finished = Spec(Guid.NewGuid());
        var other = Spec(Guid.NewGuid()) with { Language = "cpp17" };
        foreach (var spec in new[] { running, finished, other })
        {
            await replica.Resources.CreateAsync(spec, default);
        }
        await SetStatusAsync(running.Name, "Running");
        await SetStatusAsync(finished.Name, "Succeeded", "Accepted");

        await SandboxNamespace.EventuallyAsync(() => replica.Resources.ListActiveAsync("python3", default),
            active => active.Count == 1 && active.Contains(running.Name), Wait, "active python3 resources");
        Assert.Equal([other.Name], await replica.Resources.ListActiveAsync("cpp17", default));

        // One made by hand (kubectl) takes a pod of the same pool: it counts too.
        await cluster.Submissions.CreateAsync(new Submission
        {
            Metadata = new ObjectMeta { Name = "by-hand", Namespace = SandboxNamespace.Namespace },
            Spec = new SubmissionSpec { Language = "python3", Source = "print(3)", Tests = [new LetsCode.Judge.Model.TestCase { Name = "1", ExpectedOutput = "3\n" }] },
        });
        await SandboxNamespace.EventuallyAsync(() => replica.Resources.ListActiveAsync("python3", default),
            active => active.Count == 2 && active.Contains("by-hand"), Wait, "active python3 resources with one made by hand");

        await SetStatusAsync(running.Name, "Failed", "InternalError");
        await SetStatusAsync("by-hand", "Succeeded", "Accepted");
        await SandboxNamespace.EventuallyAsync(() => replica.Resources.ListActiveAsync("python3", default),
            active => active.Count == 0, Wait, "active python3 resources after the last finished");
    }

    [Fact]
    public async Task Watch_starts_with_current_states_then_follows_changes()
    {
        var replica = cluster.StartReplica();
        var existing = Spec(Guid.NewGuid());
        await replica.Resources.CreateAsync(existing, default);
        await SetStatusAsync(existing.Name, "Succeeded", "Accepted", passed: 2, total: 2);
        await SandboxNamespace.EventuallyAsync(() => replica.Resources.ListActiveAsync("python3", default), a => a.Count == 0, Wait, "cache caught up");

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var feed = replica.Resources.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);

        // First: the current state of what exists.
        var initial = await NextAsync(feed, s => s.Name == existing.Name);
        Assert.Equal((Dispatch.SubmissionPhase.Succeeded, "Accepted", 2, 2), (initial.Phase, initial.Verdict, initial.Passed, initial.Total));

        // Then each change of a new resource, up to its verdict and per-test results.
        var fresh = Spec(Guid.NewGuid());
        await replica.Resources.CreateAsync(fresh, default);
        var created = await NextAsync(feed, s => s.Name == fresh.Name);
        Assert.Equal(fresh.SubmissionId, created.SubmissionId);
        Assert.False(created.IsFinished);

        await SetStatusAsync(fresh.Name, "Running", tests: [new SubmissionTestSummary { Name = "1", Verdict = "Accepted", TimeMs = 5, MemoryKiB = 100 }]);
        await SetStatusAsync(fresh.Name, "Succeeded", "WrongAnswer", passed: 1, total: 2, tests:
        [
            new SubmissionTestSummary { Name = "1", Verdict = "Accepted", TimeMs = 5, MemoryKiB = 100 },
            new SubmissionTestSummary { Name = "2", Verdict = "WrongAnswer", TimeMs = 7, MemoryKiB = 120, CheckerMessage = "differ" },
        ]);
        var final = await NextAsync(feed, s => s.Name == fresh.Name && s.IsFinished);
        Assert.Equal("WrongAnswer", final.Verdict);
        Assert.Equal(["Accepted", "WrongAnswer"], final.Tests.Select(t => t.Verdict));
        Assert.Equal("differ", final.Tests[1].CheckerMessage);
    }

    [Fact]
    public async Task A_slow_reader_gets_the_newest_state_and_a_deleted_resources_last_state()
    {
        var replica = cluster.StartReplica();
        var spec = Spec(Guid.NewGuid());
        await replica.Resources.CreateAsync(spec, default);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var feed = replica.Resources.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.False((await NextAsync(feed, s => s.Name == spec.Name)).IsFinished);

        // The reader is busy (not reading) while the resource runs, finishes, and is cleaned up at once.
        await SetStatusAsync(spec.Name, "Running");
        await SetStatusAsync(spec.Name, "Succeeded", "Accepted", passed: 1, total: 1);
        await cluster.Submissions.DeleteAsync(SandboxNamespace.Namespace, spec.Name);
        await SandboxNamespace.EventuallyAsync(() => Task.FromResult(replica.Informers.Submissions.Cache.Count), n => n == 0, Wait, "deletion seen");

        // It then reads the newest state only: the verdict, not a stale Running.
        var next = await NextAsync(feed, s => s.Name == spec.Name);
        Assert.Equal((Dispatch.SubmissionPhase.Succeeded, "Accepted"), (next.Phase, next.Verdict));
    }

    [Fact]
    public async Task Readers_detach_when_cancelled_and_a_new_one_starts_over()
    {
        var replica = cluster.StartReplica();
        var spec = Spec(Guid.NewGuid());
        await replica.Resources.CreateAsync(spec, default);
        await SetStatusAsync(spec.Name, "Succeeded", "Accepted");
        await SandboxNamespace.EventuallyAsync(() => replica.Resources.ListActiveAsync("python3", default), a => a.Count == 0, Wait, "cache caught up");

        for (var round = 0; round < 3; round++)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await using (var feed = replica.Resources.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token))
            {
                var again = await NextAsync(feed, s => s.Name == spec.Name);
                Assert.Equal("Accepted", again.Verdict);
                Assert.Equal(1, replica.Informers.Feed.ReaderCount);
            }
            Assert.Equal(0, replica.Informers.Feed.ReaderCount);
        }
    }

    [Fact]
    public async Task Without_an_api_server_capacity_is_zero_and_the_active_list_fails()
    {
        // A port nothing listens on: the informers never list.
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var api = SandboxNamespace.Connect(new Uri($"http://127.0.0.1:{port}"));
        var informers = new SandboxInformers(api.For(LetsCodeResources.WarmPools), api.For(LetsCodeResources.Submissions),
            SandboxNamespace.Namespace, new SubmissionResourceOptions { SyncWaitSeconds = 0.3 });
        using var stop = new CancellationTokenSource();
        var run = informers.RunAsync(stop.Token);

        Assert.Equal(new SandboxCapacity(0, 0, 0), await new KubernetesSandboxCapacity(informers).GetAsync("python3", default));
        var resources = new KubernetesSubmissionResources(api.For(LetsCodeResources.Submissions), informers);
        await Assert.ThrowsAsync<InvalidOperationException>(() => resources.ListActiveAsync("python3", default));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Feed_and_capacity_converge_after_dropped_watches_and_server_errors()
    {
        var replica = cluster.StartReplica();
        await cluster.CreatePoolAsync("python3", "python3", min: 1, max: 4);
        var spec = Spec(Guid.NewGuid());
        await replica.Resources.CreateAsync(spec, default);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var feed = replica.Resources.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.False((await NextAsync(feed, s => s.Name == spec.Name)).IsFinished);

        // Watches cut without a final event, then every request failing for a while: the informers back off and relist.
        cluster.Simulator.Faults.DropWatches();
        await SetStatusAsync(spec.Name, "Succeeded", "Accepted", passed: 1, total: 1);
        await cluster.SetPoolStatusAsync("python3", replicas: 2, idle: 1, busy: 1);
        cluster.Simulator.Faults.ErrorRate = 1.0;
        cluster.Simulator.Faults.DropWatches();
        await Task.Delay(300);
        cluster.Simulator.Faults.ErrorRate = 0;

        var final = await NextAsync(feed, s => s.Name == spec.Name && s.IsFinished);
        Assert.Equal("Accepted", final.Verdict);
        await SandboxNamespace.EventuallyAsync(() => replica.Capacity.GetAsync("python3", default),
            c => c == new SandboxCapacity(1, 1, 2), Wait, "capacity after the faults");
        await SandboxNamespace.EventuallyAsync(() => replica.Resources.ListActiveAsync("python3", default), a => a.Count == 0, Wait, "active after the faults");
    }

    [Fact]
    public async Task The_service_registration_runs_the_informers_in_the_cluster_namespace()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.Configure<LetsCode.Api.Cluster.Configuration.ClusterOptions>(o => o.Namespace = SandboxNamespace.Namespace);
        builder.Services.AddKubernetesSandbox(_ => new LetsCode.Kubernetes.Config.KubernetesClientConfiguration { Server = cluster.Simulator.BaseAddress });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var capacity = host.Services.GetRequiredService<ISandboxCapacity>();
            var resources = host.Services.GetRequiredService<ISubmissionResources>();
            // The custom-run janitor runs on every replica with the sandbox.
            Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is TestRunJanitor);
            await cluster.CreatePoolAsync("python3", "python3", min: 1, max: 3);

            await SandboxNamespace.EventuallyAsync(() => capacity.GetAsync("python3", default),
                c => c == new SandboxCapacity(0, 0, 3), Wait, "capacity through the registration");
            var spec = Spec(Guid.NewGuid());
            Assert.Equal(CreateOutcome.Created, await resources.CreateAsync(spec, default));
            Assert.Equal(SandboxNamespace.Namespace, (await cluster.Submissions.GetAsync(SandboxNamespace.Namespace, spec.Name)).Metadata.Namespace);
            await SandboxNamespace.EventuallyAsync(() => resources.ListActiveAsync("python3", default),
                a => a.Contains(spec.Name), Wait, "the created resource in the active list");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private Task<Submission> SetStatusAsync(string name, string phase, string? verdict = null, int? passed = null, int? total = null,
        List<SubmissionTestSummary>? tests = null) =>
        cluster.Submissions.PatchStatusAsync(SandboxNamespace.Namespace, name, Patch.Merge(new System.Text.Json.Nodes.JsonObject
        {
            ["status"] = System.Text.Json.JsonSerializer.SerializeToNode(
                new SubmissionStatus { Phase = phase, Verdict = verdict, Passed = passed, Total = total, Tests = tests },
                OperatorJsonContext.Default.SubmissionStatus),
        }));

    private static async Task<SubmissionResourceStatus> NextAsync(IAsyncEnumerator<SubmissionResourceStatus> feed, Func<SubmissionResourceStatus, bool> match)
    {
        while (await feed.MoveNextAsync())
        {
            if (match(feed.Current))
            {
                return feed.Current;
            }
        }
        throw new InvalidOperationException("the feed ended");
    }

    private static SubmissionResourceSpec Spec(Guid id) => new()
    {
        Name = ResourceNames.For(id),
        SubmissionId = id,
        Language = "python3",
        Source = "print(1)",
        ProblemId = "a-plus-b",
        SuiteSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(id.ToByteArray())),
    };
}
