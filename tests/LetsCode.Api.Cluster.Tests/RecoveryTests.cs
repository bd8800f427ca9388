using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Api.Cluster.Tests.InMemory;
using LetsCode.Api.Storage.Entities;
using LetsCode.Testing.Postgres;
using LetsCode.Testing.Redis;
using Npgsql;

namespace LetsCode.Api.Cluster.Tests;

/// <summary>Redis and PostgreSQL restart under load: the service recovers and nothing accepted is lost.</summary>
[Collection(SharedServersCollection.Name)]
public sealed class RecoveryTests(SharedServers servers)
{
    private static async Task EnqueueAsync(Replica replica, IEnumerable<SubmissionEntity> rows)
    {
        foreach (var r in rows)
        {
            await replica.Queue.EnqueueAsync(new QueuedSubmission(r.Id, r.Language, r.QueuedAt), countArrival: true, CancellationToken.None);
        }
    }

    private static async Task AllCompletedOnceAsync(ClusterDatabase database, InMemorySandboxCluster sandboxes, int expected)
    {
        await Eventually.HoldsAsync(async () =>
            {
                var rows = await database.SubmissionsAsync();
                return rows.Count == expected && rows.All(s => s.Status == SubmissionStatus.Completed);
            },
            TimeSpan.FromSeconds(90), $"all {expected} submissions completed");
        Assert.Equal(expected, sandboxes.Created); // one resource each: none lost, none judged twice
        foreach (var row in await database.SubmissionsAsync())
        {
            Assert.Equal("Accepted", row.Verdict);
            Assert.Equal([0, 1], (await database.TestResultsAsync(row.Id)).Select(t => t.Index));
        }
    }

    [Fact]
    public async Task Redis_losing_everything_loses_no_submission()
    {
        await using var redis = await RedisServer.StartAsync(); // no persistence: a restart comes back empty
        using var database = await servers.CreateDatabaseAsync("redis-restart");
        var sandboxes = new InMemorySandboxCluster(pods: 2, runTime: TimeSpan.FromMilliseconds(150));
        await using var replica = await Replica.StartAsync("replica-a", redis.ConnectionString, database, sandboxes, SharedServers.NewPrefix());
        var before = await database.AddQueuedAsync(20);
        await EnqueueAsync(replica, before);
        replica.RunStatusSync();
        replica.RunSweeper();
        replica.RunDispatcher();
        await Eventually.HoldsAsync(() => Task.FromResult(sandboxes.Created >= 4), TimeSpan.FromSeconds(30), "dispatching started");

        await replica.Redis.SetAsync("marker", "before the crash");
        await redis.KillAsync();
        // Accepted while Redis is down: intake committed the rows, its enqueue failed.
        var during = await database.AddQueuedAsync(5);
        await Task.Delay(500);
        await redis.StartAgainAsync();
        Assert.True((await replica.Redis.GetAsync("marker")).IsNull); // Redis really lost everything, the queue included

        await AllCompletedOnceAsync(database, sandboxes, before.Count + during.Count);
    }

    [Fact]
    public async Task A_postgres_restart_loses_no_submission()
    {
        await using var postgres = await PostgresServer.StartAsync(durableCommits: true);
        using var database = await ClusterDatabase.CreateAsync(await postgres.CreateDatabaseAsync("pg_restart"));
        var sandboxes = new InMemorySandboxCluster(pods: 2, runTime: TimeSpan.FromMilliseconds(150));
        await using var replica = await Replica.StartAsync("replica-a", servers.Redis.ConnectionString, database, sandboxes, SharedServers.NewPrefix());
        var rows = await database.AddQueuedAsync(20);
        await EnqueueAsync(replica, rows);
        replica.RunStatusSync();
        replica.RunSweeper();
        replica.RunDispatcher();
        await Eventually.HoldsAsync(() => Task.FromResult(sandboxes.Created >= 4), TimeSpan.FromSeconds(30), "dispatching started");

        await postgres.CrashAsync();
        await Task.Delay(1000); // resources finish meanwhile: their verdicts cannot be written yet
        await postgres.StartAgainAsync();
        NpgsqlConnection.ClearAllPools();

        await AllCompletedOnceAsync(database, sandboxes, rows.Count);
    }
}
