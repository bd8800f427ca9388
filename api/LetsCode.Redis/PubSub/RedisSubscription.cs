using System.Threading.Channels;

namespace LetsCode.Redis.PubSub;

/// <summary>
/// One live subscription to a channel or pattern. Messages are buffered per subscription (so a slow consumer never
/// holds up the socket or other subscriptions) and either handed to a handler, one at a time and in order, or read
/// with <see cref="ReadAllAsync"/>. It survives reconnects: the subscriber resubscribes on every new socket.
/// Disposing it unsubscribes.
/// </summary>
public sealed class RedisSubscription : IAsyncDisposable
{
    private readonly Channel<RedisMessage> _buffer;
    private readonly Func<RedisSubscription, ValueTask> _unsubscribe;
    private long _dropped;
    private int _disposed;

    internal RedisSubscription(string name, bool isPattern, int capacity, Func<RedisSubscription, ValueTask> unsubscribe)
    {
        Name = name;
        IsPattern = isPattern;
        _unsubscribe = unsubscribe;
        _buffer = Channel.CreateBounded<RedisMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The channel name, or the pattern for a pattern subscription.</summary>
    public string Name { get; }

    public bool IsPattern { get; }

    /// <summary>Messages discarded because the buffer was full (pub/sub is at-most-once; this makes loss visible).</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    internal Task? Pump { get; set; }

    internal void Deliver(RedisMessage message) => _buffer.Writer.TryWrite(message);

    /// <summary>Messages in arrival order until the subscription is disposed.</summary>
    public IAsyncEnumerable<RedisMessage> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _buffer.Reader.ReadAllAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _unsubscribe(this).ConfigureAwait(false);
        _buffer.Writer.TryComplete();
        if (Pump is not null)
        {
            await Pump.ConfigureAwait(false);
        }
    }
}
