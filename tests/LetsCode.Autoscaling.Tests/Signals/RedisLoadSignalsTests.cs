using LetsCode.Autoscaling.Signals;
using LetsCode.Redis;
using LetsCode.Testing.Redis;

namespace LetsCode.Autoscaling.Tests.Signals;

/// <summary>Against a real redis-server; each test uses its own language, so the keys never collide.</summary>
public sealed class RedisLoadSignalsTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    // 2026-03-01 12:00:20 UTC: 20 s into its minute.
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 20, TimeSpan.Zero);
    private static readonly long NowMinute = Now.ToUnixTimeSeconds() / 60;

    private static string NewLanguage() => $"lang-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Arrivals_are_read_per_minute_with_missing_minutes_as_zero_and_the_current_minute_apart()
    {
        await using var client = await RedisClient.ConnectAsync(redis.ConnectionString);
        var language = NewLanguage();
        var keys = new LoadSignalKeys();
        Assert.Equal($"letscode:arrivals:{language}:{NowMinute}", keys.Arrivals(language, NowMinute));

        // What cluster mode's producer does per accepted submission: INCR, EXPIRE.
        for (var i = 0; i < 7; i++)
        {
            await client.IncrementAsync(keys.Arrivals(language, NowMinute - 1));
        }

        await client.ExpireAsync(keys.Arrivals(language, NowMinute - 1), TimeSpan.FromHours(2));
        await client.SetAsync(keys.Arrivals(language, NowMinute - 5), "120");
        await client.SetAsync(keys.Arrivals(language, NowMinute), "33");
        await client.SetAsync(keys.Arrivals(language, NowMinute - 11), "999"); // outside the 10 minutes asked for

        var load = await new RedisLoadSignals(client).GetAsync(language, Now, historyMinutes: 10);
        Assert.Equal(NowMinute - 10, load.Arrivals.FirstMinute);
        Assert.Equal(new long[] { 0, 0, 0, 0, 0, 120, 0, 0, 0, 7 }, load.Arrivals.Counts);
        Assert.Equal(33, load.Arrivals.CurrentMinuteCount);
        Assert.Equal(TimeSpan.FromSeconds(20), load.Arrivals.CurrentMinuteElapsed);
        Assert.Equal(NowMinute, load.Arrivals.CurrentMinute);
    }

    [Fact]
    public async Task A_malformed_counter_is_a_clear_error_naming_the_key()
    {
        await using var client = await RedisClient.ConnectAsync(redis.ConnectionString);
        var language = NewLanguage();
        await client.SetAsync($"letscode:arrivals:{language}:{NowMinute - 2}", "lots");

        var error = await Assert.ThrowsAsync<LoadSignalException>(() => new RedisLoadSignals(client).GetAsync(language, Now, 5));
        Assert.Contains($"letscode:arrivals:{language}:{NowMinute - 2}", error.Message);
        Assert.Contains("'lots'", error.Message);

        await client.SetAsync($"letscode:arrivals:{language}:{NowMinute - 2}", "-3");
        await Assert.ThrowsAsync<LoadSignalException>(() => new RedisLoadSignals(client).GetAsync(language, Now, 5));
    }

    [Fact]
    public async Task Backlog_is_zero_without_a_queue_the_stream_length_without_a_group_and_lag_plus_pending_with_one()
    {
        await using var client = await RedisClient.ConnectAsync(redis.ConnectionString);
        var language = NewLanguage();
        var signals = new RedisLoadSignals(client);
        var queue = signals.Keys.Queue(language);
        Assert.Equal($"letscode:queue:{language}", queue);

        Assert.Equal(0, (await signals.GetAsync(language, Now, 1)).Backlog);

        for (var i = 0; i < 10; i++)
        {
            await client.StreamAddAsync(queue, [new("submission", $"s{i}")]);
        }

        Assert.Equal(10, (await signals.GetAsync(language, Now, 1)).Backlog);

        // A dispatcher reads 4 (pending until acknowledged), acknowledges 3: 6 never read + 1 pending.
        await client.StreamCreateGroupAsync(queue, "dispatchers", startId: "0");
        var read = await client.StreamReadGroupAsync(queue, "dispatchers", "replica-a", count: 4);
        await client.StreamAckAsync(queue, "dispatchers", read.Take(3).Select(e => e.Id).ToList());
        Assert.Equal(7, (await signals.GetAsync(language, Now, 1)).Backlog);

        // Deleting an entry the group has not read yet makes Redis unable to tell the lag: entries after the last
        // delivered id are counted instead (acknowledged entries still in the stream do not count).
        var all = await client.StreamRangeAsync(queue, "-", "+");
        await client.StreamDeleteAsync(queue, [all[5].Id]);
        var groups = await client.StreamGroupsAsync(queue);
        Assert.Null(groups.Single().Lag);
        Assert.Equal(6, (await signals.GetAsync(language, Now, 1)).Backlog); // 5 after the last delivered + 1 pending
    }

    [Fact]
    public async Task Mean_judge_duration_comes_from_the_stats_hash()
    {
        await using var client = await RedisClient.ConnectAsync(redis.ConnectionString);
        var language = NewLanguage();
        var signals = new RedisLoadSignals(client);
        Assert.Null((await signals.GetAsync(language, Now, 1)).MeanJudgeDuration);

        var stats = signals.Keys.Stats(language);
        Assert.Equal($"letscode:stats:{language}", stats);
        await client.ExecuteAsync("HINCRBY", stats, "judgeMsSum", 3_000);
        await client.ExecuteAsync("HINCRBY", stats, "judgeCount", 4);
        Assert.Equal(TimeSpan.FromMilliseconds(750), (await signals.GetAsync(language, Now, 1)).MeanJudgeDuration);

        await client.HashSetAsync(stats, [new("judgeCount", "x")]);
        await Assert.ThrowsAsync<LoadSignalException>(() => signals.GetAsync(language, Now, 1));
    }

    [Fact]
    public async Task Languages_outside_the_crd_pattern_never_reach_a_key()
    {
        await using var client = await RedisClient.ConnectAsync(redis.ConnectionString);
        var signals = new RedisLoadSignals(client);
        await Assert.ThrowsAsync<ArgumentException>(() => signals.GetAsync("py:*", Now, 1));
        await Assert.ThrowsAsync<ArgumentException>(() => signals.GetAsync("", Now, 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => signals.GetAsync("python3", Now, 0));
    }
}
