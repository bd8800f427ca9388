using System.Collections.Concurrent;
using System.Threading.Channels;
using LetsCode.Redis.Connection;
using LetsCode.Redis.Tests.Fixtures;
using LetsCode.Testing.Redis;

namespace LetsCode.Redis.Tests.Connection;

/// <summary>Each test owns a redis-server it kills and restarts on the same port.</summary>
public sealed class ReconnectTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Commands_in_flight_fail_clearly_and_new_commands_wait_for_the_restarted_server()
    {
        await using var server = await RedisServer.StartAsync();
        var events = new ConcurrentQueue<RedisConnectionEvent>();
        var options = RedisOptions.Parse(server.ConnectionString + ",reconnectTimeout=10000") with { OnConnectionEvent = events.Enqueue };
        await using var client = await RedisClient.ConnectAsync(options);
        await client.SetAsync("k", "before");

        // A command in flight when the server dies.
        var inFlight = client.ExecuteAsync("DEBUG", "SLEEP", "2");
        await Task.Delay(100);
        await server.KillAsync();
        var lost = await Assert.ThrowsAsync<RedisConnectionException>(() => inFlight);
        Assert.Contains("DEBUG", lost.Message, StringComparison.Ordinal);
        Assert.Contains("in flight", lost.Message, StringComparison.Ordinal);

        // A command issued while the server is down waits, then runs on the new connection.
        var waiting = client.IncrementAsync("counter");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await server.StartAgainAsync();

        Assert.Equal(1, await waiting.WaitAsync(Patience));
        Assert.True((await client.GetAsync("k")).IsNull, "the new server starts empty (no persistence)");
        Assert.Contains(events, e => e.Kind == RedisConnectionEventKind.ConnectionLost);
        Assert.Contains(events, e => e.Kind == RedisConnectionEventKind.ConnectAttemptFailed);
        Assert.True(events.Count(e => e.Kind == RedisConnectionEventKind.Connected && e.Role == "interactive") >= 2);
    }

    [Fact]
    public async Task New_commands_give_up_after_the_reconnect_timeout_with_the_last_error()
    {
        await using var server = await RedisServer.StartAsync();
        await using var client = await RedisClient.ConnectAsync(server.ConnectionString + ",reconnectTimeout=400");
        Assert.True(client.IsConnected);
        await server.KillAsync();
        // A command issued before the client has seen the socket close is "in flight" (another test covers that);
        // this one is about commands issued once the connection is known to be down.
        await WaitUntilAsync(() => Task.FromResult(!client.IsConnected));

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.PingAsync());
        Assert.Contains("within 400 ms", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);

        await server.StartAgainAsync();
        await WaitUntilAsync(async () =>
        {
            try
            {
                await client.PingAsync();
                return true;
            }
            catch (RedisConnectionException)
            {
                return false;
            }
        });
    }

    [Fact]
    public async Task Pipelined_load_survives_a_restart_with_only_connection_errors()
    {
        await using var server = await RedisServer.StartAsync();
        await using var client = await RedisClient.ConnectAsync(server.ConnectionString + ",reconnectTimeout=10000");
        var failures = new ConcurrentBag<Exception>();
        var successes = 0;
        using var stop = new CancellationTokenSource();

        var load = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.IncrementAsync("n");
                    Interlocked.Increment(ref successes);
                }
                catch (Exception e)
                {
                    failures.Add(e);
                }
            }
        })).ToList();

        await Task.Delay(200);
        await server.KillAsync();
        await Task.Delay(200);
        await server.StartAgainAsync();
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.All(failures, f => Assert.IsType<RedisConnectionException>(f));
        var before = successes;
        Assert.True(before > 100, $"only {before} increments succeeded");
        Assert.True(await client.IncrementAsync("n") > 1, "increments after the restart reached the new server");
    }

    [Fact]
    public async Task Subscriptions_come_back_after_the_server_restarts()
    {
        await using var server = await RedisServer.StartAsync();
        await using var client = await RedisClient.ConnectAsync(server.ConnectionString + ",reconnectTimeout=10000");
        var received = Channel.CreateUnbounded<string>();
        await using var subscription = await client.SubscribeAsync("live", async (m, _) => await received.Writer.WriteAsync(m.Payload.ToString()!));
        await using var pattern = await client.SubscribeAsync("live-*", async (m, _) => await received.Writer.WriteAsync("p:" + m.Payload), isPattern: true);

        Assert.Equal(1, await client.PublishAsync("live", "before"));
        Assert.Equal("before", await received.Reader.ReadAsync().AsTask().WaitAsync(Patience));

        await server.KillAsync();
        await server.StartAgainAsync();

        // PUBLISH reports 0 receivers until the subscriber socket is back and resubscribed.
        await WaitUntilAsync(async () => await client.PublishAsync("live", "after") == 1);
        Assert.Equal("after", await received.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        await WaitUntilAsync(async () => await client.PublishAsync("live-x", "after") == 1);
        Assert.Equal("p:after", await received.Reader.ReadAsync().AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task A_blocking_read_fails_when_the_server_dies_and_the_next_one_works_after_restart()
    {
        await using var server = await RedisServer.StartAsync();
        await using var client = await RedisClient.ConnectAsync(server.ConnectionString + ",reconnectTimeout=10000");
        await client.StreamCreateGroupAsync("q", "g");

        var blocked = client.StreamReadGroupAsync("q", "g", "c", block: TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        await server.KillAsync();
        await Assert.ThrowsAsync<RedisConnectionException>(() => blocked.WaitAsync(Patience));

        await server.StartAgainAsync();
        await client.StreamCreateGroupAsync("q", "g");
        var next = client.StreamReadGroupAsync("q", "g", "c", block: TimeSpan.FromSeconds(5));
        await Task.Delay(100);
        await client.StreamAddAsync("q", [new("x", "y")]);
        Assert.Single(await next.WaitAsync(Patience));
    }

    [Fact]
    public async Task Stream_entries_survive_a_restart_with_append_only_persistence()
    {
        await using var server = await RedisServer.StartAsync("--appendonly", "yes", "--appendfsync", "always", "--save", "");
        await using var client = await RedisClient.ConnectAsync(server.ConnectionString + ",reconnectTimeout=10000");
        await client.StreamCreateGroupAsync("jobs", "g");
        var id = await client.StreamAddAsync("jobs", [new("submission", "s-42")]);
        Assert.Single(await client.StreamReadGroupAsync("jobs", "g", "replica-a"));

        await server.KillAsync();
        await server.StartAgainAsync();

        var pending = await client.StreamPendingEntriesAsync("jobs", "g", 10);
        Assert.Equal((id, "replica-a"), (Assert.Single(pending).Id, pending[0].Consumer));
    }

    [Fact]
    public async Task Without_abort_connect_the_client_starts_before_the_server_and_commands_wait_for_it()
    {
        await using var server = await RedisServer.StartAsync();
        await server.KillAsync();

        await using var client = await RedisClient.ConnectAsync(server.ConnectionString + ",abortConnect=false,reconnectTimeout=10000");
        Assert.False(client.IsConnected);
        var waiting = client.SetAsync("k", "v");
        await Task.Delay(200);
        await server.StartAgainAsync();

        Assert.True(await waiting.WaitAsync(Patience));
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Disposing_the_client_ends_blocked_reads_and_refuses_new_commands()
    {
        await using var server = await RedisServer.StartAsync();
        var client = await RedisClient.ConnectAsync(server.ConnectionString);
        await client.StreamCreateGroupAsync("q", "g");
        var blocked = client.StreamReadGroupAsync("q", "g", "c", block: TimeSpan.FromSeconds(30));
        await Task.Delay(100);

        await client.DisposeAsync().AsTask().WaitAsync(Patience);

        await Assert.ThrowsAsync<RedisConnectionException>(() => blocked.WaitAsync(Patience));
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => client.PingAsync());
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => client.SubscribeAsync("late"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }
}
