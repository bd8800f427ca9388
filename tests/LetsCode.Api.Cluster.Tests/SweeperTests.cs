using LetsCode.Api.Cluster.Configuration;
using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Cluster.Tests;

[Collection(SharedServersCollection.Name)]
public sealed class SweeperTests(SharedServers servers)
{
    [Fact]
    public async Task Rows_queued_in_postgres_but_missing_from_redis_are_enqueued_exactly_once()
    {
        using var database = await servers.CreateDatabaseAsync("sweeper");
        await using var redis = await RedisClient.ConnectAsync(servers.Redis.ConnectionString);
        var keys = new RedisKeys(SharedServers.NewPrefix());
        var queue = new RedisClusterQueue(redis, keys, TimeProvider.System, 60);
        var rows = await database.AddQueuedAsync(3);
        // Intake enqueued only the first; the replica died before enqueueing the other two.
        await queue.EnqueueAsync(new QueuedSubmission(rows[0].Id, "python3", rows[0].QueuedAt), countArrival: true, CancellationToken.None);

        var options = Options.Create(new ClusterOptions { SweepGraceSeconds = 0 });
        var sweepers = Enumerable.Range(0, 3)
            .Select(_ => new QueueSweeper(database.Factory, queue, TimeProvider.System, options, NullLogger<QueueSweeper>.Instance))
            .ToList();

        // Three replicas sweeping at once add the two missing rows once between them.
        var added = await Task.WhenAll(sweepers.Select(s => s.SweepAsync(CancellationToken.None)));
        Assert.Equal(2, added.Sum());
        Assert.Equal(0, await sweepers[0].SweepAsync(CancellationToken.None));

        var entries = await redis.StreamRangeAsync(keys.Queue("python3"));
        Assert.Equal(rows.Select(r => r.Id.ToString("D")).Order(), entries.Select(e => e["submission"].ToString()).Order());
        // Arrival order is kept for positions even though two were added late.
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(i + 1, await queue.PositionAsync("python3", rows[i].Id, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Rows_younger_than_the_grace_time_are_left_to_their_intake()
    {
        using var database = await servers.CreateDatabaseAsync("sweeper-grace");
        await using var redis = await RedisClient.ConnectAsync(servers.Redis.ConnectionString);
        var keys = new RedisKeys(SharedServers.NewPrefix());
        var queue = new RedisClusterQueue(redis, keys, TimeProvider.System, 60);
        await database.AddQueuedAsync(2); // stamped ten minutes ago

        var sweeper = new QueueSweeper(database.Factory, queue, TimeProvider.System,
            Options.Create(new ClusterOptions { SweepGraceSeconds = 3600 }), NullLogger<QueueSweeper>.Instance);
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(0, await redis.StreamLengthAsync(keys.Queue("python3")));
    }
}
