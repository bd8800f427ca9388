using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Live;
using LetsCode.Redis;

namespace LetsCode.Api.Cluster.Live;

/// <summary>
/// Live updates across replicas. A status update is stamped with the next number of its submission's sequence and
/// published to the user's channel by one Lua script (INCR + PUBLISH are atomic, so publication order equals
/// sequence order even when different replicas publish updates of the same submission). Every replica relays what it
/// receives to its own WebSocket connections (<see cref="LiveRelay"/>). Broadcasts (system_status) stay local: each
/// replica computes them from the shared state (queue depth in Redis), so relaying them would only multiply them.
/// Publishing is best effort, like pub/sub itself: with Redis unreachable the update is dropped (and counted), never
/// failing the caller, whose real work (a committed row, a recorded verdict) is already done.
/// </summary>
public sealed class RedisLiveUpdates(IRedisClient redis, RedisKeys keys, LocalLiveFanout local) : ILiveUpdates
{
    /// <summary>Sequences live a day: far longer than any submission takes.</summary>
    private const int SequenceTtlSeconds = 24 * 60 * 60;

    private const string PublishScript = """
        local n = redis.call('INCR', KEYS[1])
        redis.call('EXPIRE', KEYS[1], ARGV[2])
        redis.call('PUBLISH', KEYS[2], n .. '\n' .. ARGV[1])
        return n
        """;

    private long dropped;

    /// <summary>Updates not published because Redis was unreachable.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    public async ValueTask PublishAsync(string userId, LiveMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sequenceKey = message.Data is StatusUpdateData status
            ? keys.LiveSequence(status.SubmissionId)
            : keys.LiveSequence(Guid.Empty);
        try
        {
            await redis.EvalAsync(PublishScript, [sequenceKey, keys.LiveUserChannel(userId)],
                [LiveEnvelope.Serialize(message), SequenceTtlSeconds], cancellationToken);
        }
        catch (RedisException)
        {
            Interlocked.Increment(ref dropped);
        }
    }

    public ValueTask BroadcastAsync(LiveMessage message, CancellationToken cancellationToken) =>
        local.Subscriptions.BroadcastAsync(message, cancellationToken);

    public ILiveSubscription Subscribe(string userId) => local.Subscriptions.Subscribe(userId);
}
