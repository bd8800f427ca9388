using System.Diagnostics;
using LetsCode.Redis.Connection;
using LetsCode.Redis.Protocol;
using LetsCode.Redis.PubSub;

namespace LetsCode.Redis;

/// <summary>
/// The <see cref="IRedisClient"/> implementation: one multiplexed, reconnecting connection for ordinary commands,
/// a pool of dedicated connections for blocking reads, and a subscriber connection created on first use.
/// The typed helpers live in the other <c>RedisClient.*.cs</c> files, one per command family.
/// </summary>
public sealed partial class RedisClient : IRedisClient
{
    private readonly RedisOptions _options;
    private readonly ReconnectingConnection _interactive;
    private readonly BlockingConnectionPool _blocking;
    private readonly Lazy<RedisSubscriber> _subscriber;
    private int _disposed;

    /// <summary>Starts connecting in the background; commands wait for the connection (see <see cref="RedisOptions.ReconnectTimeout"/>).</summary>
    public RedisClient(RedisOptions options)
    {
        _options = options;
        _interactive = new ReconnectingConnection(options, "interactive");
        _blocking = new BlockingConnectionPool(options);
        _subscriber = new Lazy<RedisSubscriber>(() => new RedisSubscriber(options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public RedisOptions Options => _options;

    public bool IsConnected => _interactive.IsConnected;

    /// <summary>Connects and, when <see cref="RedisOptions.AbortOnConnectFail"/> is set, fails if the server cannot be reached in time.</summary>
    public static async Task<RedisClient> ConnectAsync(RedisOptions options, CancellationToken cancellationToken = default)
    {
        var client = new RedisClient(options);
        if (!options.AbortOnConnectFail)
        {
            return client;
        }

        try
        {
            await client._interactive.WaitUntilConnectedAsync(options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static Task<RedisClient> ConnectAsync(string connectionString, CancellationToken cancellationToken = default) =>
        ConnectAsync(RedisOptions.Parse(connectionString), cancellationToken);

    public Task<RespValue> ExecuteAsync(params object[] args) => ExecuteAsync(args, CancellationToken.None);

    public async Task<RespValue> ExecuteAsync(IReadOnlyList<object> args, CancellationToken cancellationToken)
    {
        SharedConnectionGuard.EnsureAllowed(args);
        return (await _interactive.SendAsync(args, null, cancellationToken).ConfigureAwait(false)).ThrowIfError();
    }

    public async Task<RespValue> ExecuteBlockingAsync(IReadOnlyList<object> args, TimeSpan blockTime, CancellationToken cancellationToken = default) =>
        (await _blocking.SendAsync(args, blockTime, cancellationToken).ConfigureAwait(false)).ThrowIfError();

    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var reply = await ExecuteAsync(["PING"], cancellationToken).ConfigureAwait(false);
        return reply.AsString() == "PONG"
            ? Stopwatch.GetElapsedTime(started)
            : throw new RedisProtocolException($"PING answered {reply}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _interactive.DisposeAsync().ConfigureAwait(false);
        await _blocking.DisposeAsync().ConfigureAwait(false);
        if (_subscriber.IsValueCreated)
        {
            await _subscriber.Value.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task<RespValue> RunAsync(CancellationToken cancellationToken, params object[] args) =>
        ExecuteAsync(args, cancellationToken);
}
