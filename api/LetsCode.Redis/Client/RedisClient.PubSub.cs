using LetsCode.Redis.PubSub;

namespace LetsCode.Redis;

/// <summary>Pub/sub: PUBLISH on the multiplexed connection, subscriptions on the subscriber connection.</summary>
public sealed partial class RedisClient
{
    public async Task<long> PublishAsync(string channel, RedisValue message, CancellationToken cancellationToken = default) =>
        (await RunAsync(cancellationToken, "PUBLISH", channel, message).ConfigureAwait(false)).AsInt64();

    public Task<RedisSubscription> SubscribeAsync(string channel, Func<RedisMessage, CancellationToken, Task>? handler = null, bool isPattern = false, CancellationToken cancellationToken = default)
    {
        // The subscriber socket is created on first use; after disposal that would leak a new one.
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _subscriber.Value.SubscribeAsync(channel, isPattern, handler, cancellationToken);
    }
}
