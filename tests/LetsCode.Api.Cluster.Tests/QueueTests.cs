using LetsCode.Api.Cluster.Arrivals;
using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Redis;

namespace LetsCode.Api.Cluster.Tests;

[Collection(SharedServersCollection.Name)]
public sealed class QueueTests(SharedServers servers) : IAsyncLifetime
{
    private readonly RedisKeys keys = new(SharedServers.NewPrefix());
    private RedisClient redis = null!;
    private RedisClusterQueue queue = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisClient.ConnectAsync(servers.Redis.ConnectionString);
        queue = new RedisClusterQueue(redis, keys, TimeProvider.System, 60);
    }

    public async Task DisposeAsync() => await redis.DisposeAsync();

    private static QueuedSubmission Submission(long sequence, string language = "python3") => new(Guid.CreateVersion7(), language, sequence);

    [Fact]
    public async Task Round_trip_keeps_arrival_order_positions_and_depth()
    {
        var submissions = new[] { Submission(100), Submission(200), Submission(300) };
        foreach (var s in submissions)
        {
            Assert.True(await queue.EnqueueAsync(s, countArrival: true, CancellationToken.None));
        }
        await queue.EnqueueAsync(Submission(50, "cpp"), countArrival: true, CancellationToken.None);

        Assert.Equal(3, await queue.DepthAsync("python3", CancellationToken.None));
        Assert.Equal(4, await queue.DepthAsync(CancellationToken.None));
        for (var i = 0; i < submissions.Length; i++)
        {
            Assert.Equal(i + 1, await queue.PositionAsync("python3", submissions[i].Id, CancellationToken.None));
        }

        await queue.EnsureGroupAsync("python3", CancellationToken.None);
        var read = await queue.ReadNewAsync("python3", "replica-a", 10, TimeSpan.FromMilliseconds(100), CancellationToken.None);
        Assert.Equal(submissions.Select(s => s.Id), read.Select(e => e.SubmissionId));

        // Read but not yet dispatched: still waiting, still counted, still in place.
        Assert.Equal(1, await queue.PositionAsync("python3", submissions[0].Id, CancellationToken.None));
        await queue.AcknowledgeAsync(read[0], CancellationToken.None);
        Assert.Null(await queue.PositionAsync("python3", submissions[0].Id, CancellationToken.None));
        Assert.Equal(1, await queue.PositionAsync("python3", submissions[1].Id, CancellationToken.None));
        Assert.Equal(2, await queue.DepthAsync("python3", CancellationToken.None));
        Assert.False(await queue.ContainsAsync("python3", submissions[0].Id, CancellationToken.None));
        Assert.Equal(2, await redis.StreamLengthAsync(keys.Queue("python3")));

        // Nothing new to read; an empty blocking read returns after its block time.
        Assert.Empty(await queue.ReadNewAsync("python3", "replica-a", 10, TimeSpan.FromMilliseconds(50), CancellationToken.None));
    }

    [Fact]
    public async Task Enqueue_is_idempotent_and_counts_an_arrival_once()
    {
        var arrivals = new RedisArrivalRates(redis, keys, TimeProvider.System, 60);
        var submission = Submission(1);
        Assert.True(await queue.EnqueueAsync(submission, countArrival: true, CancellationToken.None));
        Assert.False(await queue.EnqueueAsync(submission, countArrival: true, CancellationToken.None));
        Assert.False(await queue.EnqueueAsync(submission, countArrival: false, CancellationToken.None));
        Assert.True(await queue.EnqueueAsync(Submission(2), countArrival: false, CancellationToken.None)); // a sweeper re-add: not an arrival

        Assert.Equal(2, await redis.StreamLengthAsync(keys.Queue("python3")));
        var recent = await arrivals.RecentAsync("python3", 3, CancellationToken.None);
        Assert.Equal(3, recent.Count);
        Assert.Equal(1, recent[^1].Count);
        Assert.True(recent[0].Minute < recent[^1].Minute);
        await arrivals.RecordAsync("python3", CancellationToken.None);
        Assert.Equal(2, (await arrivals.RecentAsync("python3", 1, CancellationToken.None))[0].Count);
        Assert.True(await redis.ExecuteAsync("TTL", keys.Arrivals("python3", recent[^1].Minute.ToUnixTimeSeconds() / 60)) is var ttl && ttl.AsInt64() is > 0 and <= 3600);
    }

    [Fact]
    public async Task A_stale_index_entry_does_not_hide_a_submission()
    {
        var submission = Submission(7);
        await queue.EnqueueAsync(submission, countArrival: false, CancellationToken.None);
        var entries = await redis.StreamRangeAsync(keys.Queue("python3"));
        await redis.StreamDeleteAsync(keys.Queue("python3"), [entries[0].Id]); // trimmed or deleted behind our back

        Assert.False(await queue.ContainsAsync("python3", submission.Id, CancellationToken.None));
        Assert.True(await queue.EnqueueAsync(submission, countArrival: false, CancellationToken.None));
        Assert.True(await queue.ContainsAsync("python3", submission.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Entries_held_by_a_silent_consumer_are_claimed_after_the_idle_time_only()
    {
        var submissions = new[] { Submission(1), Submission(2), Submission(3) };
        foreach (var s in submissions)
        {
            await queue.EnqueueAsync(s, countArrival: false, CancellationToken.None);
        }
        await queue.EnsureGroupAsync("python3", CancellationToken.None);
        var held = await queue.ReadNewAsync("python3", "dead-replica", 2, TimeSpan.FromMilliseconds(100), CancellationToken.None);
        Assert.Equal(2, held.Count);

        Assert.Empty(await queue.ClaimAbandonedAsync("python3", "live-replica", TimeSpan.FromSeconds(30), CancellationToken.None));
        await Task.Delay(300);
        var claimed = await queue.ClaimAbandonedAsync("python3", "live-replica", TimeSpan.FromMilliseconds(200), CancellationToken.None);
        Assert.Equal(held.Select(e => e.SubmissionId), claimed.Select(e => e.SubmissionId));

        // The dead replica restarting under its own name finds nothing of its own left; the live one owns them.
        Assert.Empty(await queue.ReadOwnPendingAsync("python3", "dead-replica", CancellationToken.None));
        Assert.Equal(2, (await queue.ReadOwnPendingAsync("python3", "live-replica", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_lost_consumer_group_is_recreated_and_reads_from_the_start()
    {
        var submission = Submission(1);
        await queue.EnqueueAsync(submission, countArrival: false, CancellationToken.None); // no group yet (as after a Redis data loss)
        var read = await queue.ReadNewAsync("python3", "replica-a", 10, TimeSpan.FromMilliseconds(100), CancellationToken.None);
        Assert.Equal(submission.Id, Assert.Single(read).SubmissionId);
    }
}
