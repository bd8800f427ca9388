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

    [Fact]
    public async Task Intake_during_a_redis_outage_accepts_and_the_sweeper_enqueues_later()
    {
        await using var redis = await RedisServer.StartAsync();
        using var database = await servers.CreateDatabaseAsync("intake-outage");
        await using var client = await LetsCode.Redis.RedisClient.ConnectAsync(
            LetsCode.Redis.Connection.RedisOptions.Parse(redis.ConnectionString) with { ReconnectTimeout = TimeSpan.FromMilliseconds(500) });
        var keys = new RedisKeys(SharedServers.NewPrefix());
        var queue = new RedisClusterQueue(client, keys, TimeProvider.System, 60);
        var intake = new ClusterSubmissionQueue(queue, database.Factory, new QueueDepthGauge(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ClusterSubmissionQueue>.Instance);
        var live = new Live.RedisLiveUpdates(client, keys, new Live.LocalLiveFanout());
        var row = (await database.AddQueuedAsync(1))[0];

        await redis.KillAsync();
        await intake.EnqueueAsync(row.Id, CancellationToken.None); // does not throw: the row is durable
        await live.PublishAsync("alice", Api.Live.LiveMessage.Status(new(row.Id, "Queued", 0, 0, null, null)), CancellationToken.None);
        Assert.Equal(1, live.Dropped);

        await redis.StartAgainAsync();
        var sweeper = new QueueSweeper(database.Factory, queue, TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new Configuration.ClusterOptions { SweepGraceSeconds = 0 }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<QueueSweeper>.Instance);
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return await sweeper.SweepAsync(CancellationToken.None) == 1;
            }
            catch (LetsCode.Redis.RedisException)
            {
                return false; // still reconnecting
            }
        }, TimeSpan.FromSeconds(20), "the sweeper enqueued the stored submission");
        Assert.True(await queue.ContainsAsync("python3", row.Id, CancellationToken.None));
    }
}
