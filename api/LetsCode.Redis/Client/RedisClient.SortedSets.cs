namespace LetsCode.Redis;

/// <summary>Sorted sets: ZADD, ZRANK, ZCARD, ZREM.</summary>
public sealed partial class RedisClient
{
    public async Task<bool> SortedSetAddAsync(string key, RedisValue member, double score, CancellationToken cancellationToken = default) =>
        (await RunAsync(cancellationToken, "ZADD", key, score, member).ConfigureAwait(false)).AsInt64() == 1;

    public async Task<long?> SortedSetRankAsync(string key, RedisValue member, CancellationToken cancellationToken = default)
    {
        var reply = await RunAsync(cancellationToken, "ZRANK", key, member).ConfigureAwait(false);
        return reply.IsNull ? null : reply.AsInt64();
    }

    public async Task<long> SortedSetLengthAsync(string key, CancellationToken cancellationToken = default) =>
        (await RunAsync(cancellationToken, "ZCARD", key).ConfigureAwait(false)).AsInt64();

    public async Task<bool> SortedSetRemoveAsync(string key, RedisValue member, CancellationToken cancellationToken = default) =>
        (await RunAsync(cancellationToken, "ZREM", key, member).ConfigureAwait(false)).AsInt64() == 1;
}
