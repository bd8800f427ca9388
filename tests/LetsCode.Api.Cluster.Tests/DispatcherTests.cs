using System.Diagnostics;
using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Cluster.Tests.InMemory;
using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Api.Storage.Entities;
using Xunit.Abstractions;

namespace LetsCode.Api.Cluster.Tests;

[Collection(SharedServersCollection.Name)]
public sealed class DispatcherTests(SharedServers servers, ITestOutputHelper output)
{
    private static async Task EnqueueAsync(Replica replica, IEnumerable<SubmissionEntity> rows)
    {
        foreach (var chunk in rows.Chunk(500))
        {
            await Task.WhenAll(chunk.Select(r =>
                replica.Queue.EnqueueAsync(new QueuedSubmission(r.Id, r.Language, r.QueuedAt), countArrival: true, CancellationToken.None)));
        }
    }

    [Fact]
    public async Task Creates_resources_only_while_the_pool_has_room()
    {
        using var database = await servers.CreateDatabaseAsync("capacity");
        var sandboxes = new InMemorySandboxCluster(pods: 2, runTime: TimeSpan.FromSeconds(1.5));
        await using var replica = await Replica.StartAsync("replica-a", servers.Redis.ConnectionString, database, sandboxes, SharedServers.NewPrefix());
        var rows = await database.AddQueuedAsync(5);
        await EnqueueAsync(replica, rows);

        replica.RunDispatcher();
        await Eventually.HoldsAsync(() => Task.FromResult(sandboxes.Created == 2), TimeSpan.FromSeconds(20), "two resources created");
        // A resource is created a moment before its entry is acknowledged (create, mark Running, then XACK).
        await Eventually.HoldsAsync(async () => await replica.Queue.DepthAsync("python3", CancellationToken.None) == 3,
            TimeSpan.FromSeconds(10), "the two dispatched entries acknowledged");
        await Task.Delay(500);
        Assert.Equal(2, sandboxes.Created); // both pods busy: the other three wait in Redis, not as resources
        Assert.Equal(3, await replica.Queue.DepthAsync("python3", CancellationToken.None));
        Assert.Equal(1, await replica.Queue.PositionAsync("python3", rows[2].Id, CancellationToken.None));

        await Eventually.HoldsAsync(() => Task.FromResult(sandboxes.Created == 5), TimeSpan.FromSeconds(30), "all five created");
        Assert.True(sandboxes.MaxUnfinished <= 2, $"{sandboxes.MaxUnfinished} resources were in flight with 2 pods");
        Assert.Equal(rows.Select(r => ResourceNames.For(r.Id)), sandboxes.Specs.Select(s => s.Name)); // arrival order
        Assert.All(sandboxes.Specs, s => Assert.Equal(ClusterDatabase.ProblemId, s.ProblemId));
        await Eventually.HoldsAsync(async () => await replica.Queue.DepthAsync("python3", CancellationToken.None) == 0,
            TimeSpan.FromSeconds(10), "every entry acknowledged");
        Assert.All(await database.SubmissionsAsync(), s => Assert.Equal(SubmissionStatus.Running, s.Status)); // marked before the ack
    }

    [Fact]
    public async Task A_resource_that_already_exists_counts_as_created_and_the_entry_is_acknowledged()
    {
        using var database = await servers.CreateDatabaseAsync("idempotent");
        var sandboxes = new InMemorySandboxCluster(pods: 4, runTime: TimeSpan.FromSeconds(30), autoRun: false);
        await using var replica = await Replica.StartAsync("replica-a", servers.Redis.ConnectionString, database, sandboxes, SharedServers.NewPrefix());
        var row = (await database.AddQueuedAsync(1))[0];
        // A previous dispatcher created the resource and died before it marked the row or acknowledged the entry.
        var plan = Assert.IsType<DispatchPlan.Create>(await replica.Preparer.PrepareAsync(row.Id, CancellationToken.None));
        Assert.Equal(CreateOutcome.Created, await sandboxes.CreateAsync(plan.Spec, CancellationToken.None));
        await EnqueueAsync(replica, [row]);

        replica.RunDispatcher();
        await Eventually.HoldsAsync(async () => (await database.SubmissionsAsync())[0].Status == SubmissionStatus.Running,
            TimeSpan.FromSeconds(20), "row marked Running");
        await Eventually.HoldsAsync(async () => await replica.Queue.DepthAsync("python3", CancellationToken.None) == 0,
            TimeSpan.FromSeconds(20), "entry acknowledged");
        Assert.Equal(1, sandboxes.Created);
        Assert.Equal(1, sandboxes.Repeats);
        Assert.Equal(1, (await database.SubmissionsAsync())[0].Attempt);
    }

    [Fact]
    public async Task A_replica_that_dies_holding_entries_is_taken_over_and_every_submission_gets_one_verdict()
    {
        using var database = await servers.CreateDatabaseAsync("takeover");
        var prefix = SharedServers.NewPrefix();
        var sandboxes = new InMemorySandboxCluster(pods: 4, runTime: TimeSpan.FromMilliseconds(50));
        var rows = await database.AddQueuedAsync(12);

        // Replica A leads, reads entries, then hangs on the API server and is killed while holding them.
        var a = await Replica.StartAsync("replica-a", servers.Redis.ConnectionString, database, sandboxes, prefix);
        await EnqueueAsync(a, rows);
        var frozen = new UnresponsiveResources(sandboxes);
        a.RunDispatcher(resources: frozen);
        await Eventually.HoldsAsync(() => Task.FromResult(frozen.CreateAttempts == 1), TimeSpan.FromSeconds(20), "replica A started dispatching");
        var held = await a.Redis.StreamPendingAsync(a.Keys.Queue("python3"), RedisKeys.Group);
        Assert.Equal(4, held.PerConsumer["replica-a"]); // it read as many as the pool had room for
        await a.CrashAsync();

        // Replica B (status sync on B and C: both record, the database decides) takes over after the lease and idle time.
        await using var b = await Replica.StartAsync("replica-b", servers.Redis.ConnectionString, database, sandboxes, prefix);
        await using var c = await Replica.StartAsync("replica-c", servers.Redis.ConnectionString, database, sandboxes, prefix);
        b.RunStatusSync();
        c.RunStatusSync();
        b.RunDispatcher();
        await Eventually.HoldsAsync(async () => (await database.SubmissionsAsync()).All(s => s.Status == SubmissionStatus.Completed),
            TimeSpan.FromSeconds(60), "every submission completed");

        Assert.Equal(rows.Count, sandboxes.Created);
        Assert.Equal(0, sandboxes.Repeats);
        foreach (var submission in await database.SubmissionsAsync())
        {
            Assert.Equal("Accepted", submission.Verdict);
            Assert.Equal(1, submission.Attempt);
            var tests = await database.TestResultsAsync(submission.Id);
            Assert.Equal([0, 1], tests.Select(t => t.Index)); // each test result recorded once, though two replicas synced
        }
        var pending = await b.Redis.StreamPendingAsync(b.Keys.Queue("python3"), RedisKeys.Group);
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public async Task A_burst_of_5000_never_has_more_resources_in_flight_than_the_pool_allows()
    {
        const int Burst = 5000;
        using var database = await servers.CreateDatabaseAsync("burst");
        var prefix = SharedServers.NewPrefix();
        var sandboxes = new InMemorySandboxCluster(pods: 4, runTime: TimeSpan.FromMilliseconds(1));
        var rows = await database.AddQueuedAsync(Burst);
        // Two replicas run dispatchers; the lease lets one act at a time.
        await using var a = await Replica.StartAsync("replica-a", servers.Redis.ConnectionString, database, sandboxes, prefix);
        await using var b = await Replica.StartAsync("replica-b", servers.Redis.ConnectionString, database, sandboxes, prefix);
        await EnqueueAsync(a, rows);
        Assert.Equal(Burst, await a.Queue.DepthAsync("python3", CancellationToken.None));

        var clock = Stopwatch.StartNew();
        a.RunDispatcher();
        b.RunDispatcher();
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(sandboxes.Created == Burst), TimeSpan.FromSeconds(150), $"{Burst} resources created");
        }
        finally
        {
            output.WriteLine($"{sandboxes.Created} created after {clock.Elapsed.TotalSeconds:0.0} s");
        }
        output.WriteLine($"{Burst} dispatched in {clock.Elapsed.TotalSeconds:0.0} s ({Burst / clock.Elapsed.TotalSeconds:0} per second); max in flight {sandboxes.MaxUnfinished}");

        Assert.InRange(sandboxes.MaxUnfinished, 1, 4);
        Assert.Equal(0, sandboxes.Repeats);
        // The last resources are created a moment before their entries are acknowledged (create, mark Running, then XACK).
        await Eventually.HoldsAsync(async () => await a.Queue.DepthAsync("python3", CancellationToken.None) == 0,
            TimeSpan.FromSeconds(10), "every entry acknowledged");
    }
}
