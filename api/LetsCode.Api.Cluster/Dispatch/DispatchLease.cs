using System.Globalization;
using LetsCode.Api.Cluster.Queue;
using LetsCode.Redis;

namespace LetsCode.Api.Cluster.Dispatch;

/// <summary>
/// One active dispatcher per language across replicas: a Redis key holding the leader's consumer name with a TTL.
/// Acquire is SET NX PX; renew extends the TTL only if the key still names us (a Lua compare-and-expire), so a
/// replica that paused past its lease cannot extend someone else's. The consumer group does the rest: a new leader
/// takes over the old one's unacknowledged entries with XAUTOCLAIM.
/// </summary>
public sealed class DispatchLease(IRedisClient redis, RedisKeys keys, string language, string consumer, TimeSpan duration)
{
    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    public string Language => language;

    /// <summary>True when this replica holds the lease now (renewed, or newly acquired).</summary>
    public async Task<bool> TryHoldAsync(CancellationToken cancellationToken)
    {
        var ms = ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var renewed = await redis.EvalAsync(RenewScript, [keys.DispatchLease(language)], [consumer, ms], cancellationToken);
        if (renewed.AsInt64() == 1)
        {
            return true;
        }
        return await redis.SetAsync(keys.DispatchLease(language), consumer, duration, onlyIfNotExists: true, cancellationToken);
    }

    /// <summary>Gives the lease up (on shutdown) so another replica takes over without waiting for the TTL.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken) =>
        await redis.EvalAsync(ReleaseScript, [keys.DispatchLease(language)], [consumer], cancellationToken);
}
