using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Api.Cluster.Tests.Kubernetes.Support;
using LetsCode.Api.Executor;
using LetsCode.Kubernetes.Client;
using LetsCode.Operator.Resources;
using LetsCode.Testing.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SubmissionPhase = LetsCode.Operator.Resources.SubmissionPhase;

namespace LetsCode.Api.Cluster.Tests.Kubernetes;

/// <summary>
/// The custom-run janitor against the simulated API server (no operator: statuses are written here). Runs "left by a
/// crashed replica" are created as the executor creates them and then nobody waits for or deletes them. The
/// simulator stamps creationTimestamp itself, so the janitor's clock is set from the stamps it gave; each test drives
/// single passes, never the timer.
/// </summary>
public sealed class TestRunJanitorTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TestRunOptions RunOptions = new();

    private SandboxNamespace cluster = null!;

    public async Task InitializeAsync() => cluster = await SandboxNamespace.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task One_pass_deletes_the_unfinished_runs_nobody_waits_for_and_nothing_else()
    {
        var first = cluster.StartReplica();
        var second = cluster.StartReplica();

        // Left by a crashed replica: one that never got a pod, one that is running, one that finished.
        var pending = await CreateRunAsync();
        var running = await CreateRunAsync();
        await SetPhaseAsync(running, SubmissionPhase.Running);
        var finished = await CreateRunAsync();
        await SetPhaseAsync(finished, SubmissionPhase.Succeeded);
        // A judged submission waiting for a pod just as long: not the janitor's business.
        var id = Guid.NewGuid();
        var judged = ResourceNames.For(id);
        await first.Resources.CreateAsync(new SubmissionResourceSpec
        {
            Name = judged,
            SubmissionId = id,
            Language = "python3",
            Source = "print(1)",
            ProblemId = "a-plus-b",
            SuiteSha256 = new string('a', 64),
        }, default);
        // creationTimestamp has whole seconds: a second later, the fresh run's stamp is later than all of the above.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var fresh = await CreateRunAsync();

        foreach (var replica in new[] { first, second })
        {
            await SandboxNamespace.EventuallyAsync(() => Task.FromResult(Phases(replica)),
                phases => phases.Count == 5 && phases[running] == SubmissionPhase.Running && phases[finished] == SubmissionPhase.Succeeded,
                Wait, "every resource and status in the replica's cache");
        }
        var stamps = (await cluster.Submissions.ListAsync(SandboxNamespace.Namespace)).Items
            .ToDictionary(s => s.Metadata.Name!, s => s.Metadata.CreationTimestamp!.Value);
        var freshAt = stamps[fresh];
        var lastOld = stamps.Where(s => s.Key != fresh).Max(s => s.Value);
        Assert.True(freshAt > lastOld, $"the fresh run ({freshAt:O}) was stamped after the others ({lastOld:O})");

        // The clock half-way between: past the bound for everything created before the delay, within it for the fresh run.
        var clock = new ManualTimeProvider(freshAt + RunOptions.AbandonedAfter - (freshAt - lastOld) / 2);
        var janitors = new[] { first, second }.Select(r => Janitor(r, clock)).ToList();

        // Both replicas sweep at once: each abandoned run is deleted once between them, and the loser's 404 is no error.
        var deleted = await Task.WhenAll(janitors.Select(j => j.SweepOnceAsync(default)));

        Assert.Equal(2, deleted.Sum());
        Assert.Equal(new[] { finished, fresh, judged }.Order(StringComparer.Ordinal), await ServerNamesAsync());
        Assert.DoesNotContain(pending, await ServerNamesAsync());
        // A later pass, whatever its cache still shows, has nothing left to delete.
        Assert.Equal(0, await janitors[0].SweepOnceAsync(default));
    }

    [Fact]
    public async Task An_api_error_is_logged_and_the_run_is_deleted_on_a_later_pass()
    {
        var replica = cluster.StartReplica();
        var run = await CreateRunAsync();
        await SandboxNamespace.EventuallyAsync(() => Task.FromResult(Phases(replica)), phases => phases.ContainsKey(run), Wait, "the run in the cache");
        var created = replica.Informers.Submissions.Cache.Get(SandboxNamespace.Namespace, run)!.Metadata.CreationTimestamp!.Value;
        var clock = new ManualTimeProvider(created + RunOptions.AbandonedAfter);
        var logger = new RecordingLogger<TestRunJanitor>();
        var janitor = new TestRunJanitor(cluster.Submissions, replica.Informers, Options.Create(RunOptions), clock, logger);

        // Exactly at the bound a waiter might still be finishing up: kept.
        Assert.Equal(0, await janitor.SweepOnceAsync(default));

        clock.Advance(TimeSpan.FromSeconds(1));
        cluster.Simulator.Faults.ErrorRate = 1.0;
        try
        {
            Assert.Equal(0, await janitor.SweepOnceAsync(default));
        }
        finally
        {
            cluster.Simulator.Faults.ErrorRate = 0;
        }
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(run, StringComparison.Ordinal));
        Assert.Contains(run, await ServerNamesAsync());

        Assert.Equal(1, await janitor.SweepOnceAsync(default));
        Assert.DoesNotContain(run, await ServerNamesAsync());
    }

    private TestRunJanitor Janitor(ApiReplica replica, TimeProvider clock) =>
        new(cluster.Submissions, replica.Informers, Options.Create(RunOptions), clock, new RecordingLogger<TestRunJanitor>());

    /// <summary>Creates a custom run exactly as <see cref="ClusterTestRunExecutor"/> does; returns its name.</summary>
    private async Task<string> CreateRunAsync()
    {
        var request = new ExecutionRequest
        {
            Language = "python3",
            Source = "print(input())",
            Tests = [new ExecutionTest("custom", new InlineTestData("1\n"), new InlineTestData(""))],
        };
        var resource = TestRunResourceMapper.ToResource(request, TestRunResourceMapper.NewName(), SandboxNamespace.Namespace, RunOptions);
        return (await cluster.Submissions.CreateAsync(resource)).Metadata.Name!;
    }

    private Task<Submission> SetPhaseAsync(string name, string phase) =>
        cluster.Submissions.PatchStatusAsync(SandboxNamespace.Namespace, name, Patch.Merge(new System.Text.Json.Nodes.JsonObject
        {
            ["status"] = new System.Text.Json.Nodes.JsonObject { ["phase"] = phase },
        }));

    /// <summary>The replica's cache: name to phase ("" before any status).</summary>
    private static Dictionary<string, string> Phases(ApiReplica replica) =>
        replica.Informers.Submissions.Cache.List(SandboxNamespace.Namespace).ToDictionary(s => s.Metadata.Name!, s => s.Status?.Phase ?? "");

    private async Task<List<string>> ServerNamesAsync() =>
        [.. (await cluster.Submissions.ListAsync(SandboxNamespace.Namespace)).Items.Select(s => s.Metadata.Name!).Order(StringComparer.Ordinal)];
}
