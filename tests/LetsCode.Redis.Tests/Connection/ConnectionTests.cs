using System.Diagnostics;
using LetsCode.Redis.Connection;
using LetsCode.Redis.Tests.Fixtures;
using LetsCode.Testing.Redis;

namespace LetsCode.Redis.Tests.Connection;

public sealed class ConnectionTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;

    public ConnectionTests(RedisServerFixture redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task Ten_thousand_increments_from_fifty_tasks_give_the_exact_count_on_one_socket()
    {
        await using var client = await _redis.ConnectAsync(",name=pipeline-test");
        var key = RedisServerFixture.Key("incr");

        var tasks = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await client.IncrementAsync(key);
            }
        }));
        await Task.WhenAll(tasks);

        Assert.Equal("10000", (await client.GetAsync(key)).ToString());
        var clients = (await client.ExecuteAsync("CLIENT", "LIST")).AsString()!;
        Assert.Single(clients.Split('\n'), line => line.Contains("name=pipeline-test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replies_match_their_commands_under_concurrency()
    {
        await using var client = await _redis.ConnectAsync();
        var prefix = RedisServerFixture.Key("match");

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => client.SetAsync($"{prefix}:{i}", $"value-{i}")));
        var values = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => client.GetAsync($"{prefix}:{i}")));

        Assert.All(Enumerable.Range(0, 2000), i => Assert.Equal($"value-{i}", values[i].ToString()));
    }

    [Fact]
    public async Task A_blocking_read_does_not_stall_other_commands()
    {
        await using var client = await _redis.ConnectAsync();
        var stream = RedisServerFixture.Key("block");
        await client.StreamCreateGroupAsync(stream, "g");

        // The read blocks far longer than the pings can take even on a loaded machine: pings that waited
        // behind it would finish only after it, so "the read is still pending" is the proof, not a stopwatch.
        var blocked = client.StreamReadGroupAsync(stream, "g", "c1", block: TimeSpan.FromSeconds(60));
        await Task.Delay(100);

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            await client.PingAsync();
        }

        Assert.False(blocked.IsCompleted, $"the read completed before 100 pings did ({watch.Elapsed})");

        await client.StreamAddAsync(stream, [new("n", 1)]);
        var entries = await blocked.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("1", Assert.Single(entries)["n"].ToString());
    }

    [Fact]
    public async Task A_blocking_read_that_times_out_returns_nothing_and_can_be_cancelled()
    {
        await using var client = await _redis.ConnectAsync();
        var stream = RedisServerFixture.Key("block-timeout");
        await client.StreamCreateGroupAsync(stream, "g");

        Assert.Empty(await client.StreamReadGroupAsync(stream, "g", "c1", block: TimeSpan.FromMilliseconds(100)));

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.StreamReadGroupAsync(stream, "g", "c1", block: TimeSpan.FromSeconds(30), cancellationToken: cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cancelled_commands_do_not_shift_replies_of_later_ones()
    {
        await using var client = await _redis.ConnectAsync();
        var key = RedisServerFixture.Key("cancel");
        await client.SetAsync(key, "kept");

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(key, cancelled.Token));

        // A slow command whose caller gives up: its reply must be absorbed, not handed to the next caller.
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ExecuteAsync(["DEBUG", "SLEEP", "0.3"], giveUp.Token));
        Assert.Equal("kept", (await client.GetAsync(key)).ToString());
    }

    [Fact]
    public async Task A_slow_reply_times_out_with_a_clear_error()
    {
        await using var client = await _redis.ConnectAsync(",commandTimeout=100");

        var error = await Assert.ThrowsAsync<RedisTimeoutException>(() => client.ExecuteAsync("DEBUG", "SLEEP", "0.5"));
        Assert.Contains("DEBUG", error.Message, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Equal("PONG", (await client.ExecuteAsync("PING")).AsString());
    }

    [Fact]
    public async Task Password_and_database_come_from_the_connection_string()
    {
        await using var server = await RedisServer.StartAsync("--requirepass", "s3cret");

        await using (var client = await RedisClient.ConnectAsync(server.ConnectionString + ",password=s3cret,db=5"))
        {
            await client.SetAsync("k", "in-db-5");
            Assert.Equal(5, (await client.ExecuteAsync("CLIENT", "INFO")).AsString()!.Split(' ').Where(p => p.StartsWith("db=", StringComparison.Ordinal)).Select(p => int.Parse(p[3..], System.Globalization.CultureInfo.InvariantCulture)).Single());
        }

        await using (var other = await RedisClient.ConnectAsync(server.ConnectionString + ",password=s3cret"))
        {
            Assert.True((await other.GetAsync("k")).IsNull);
        }

        var refused = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisClient.ConnectAsync(server.ConnectionString + ",password=wrong,connectTimeout=500"));
        Assert.Contains("WRONGPASS", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connecting_to_nothing_fails_within_the_connect_timeout()
    {
        await using var server = await RedisServer.StartAsync();
        var port = server.Port;
        await server.KillAsync();

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisClient.ConnectAsync($"127.0.0.1:{port},connectTimeout=300"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3));
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }
}
