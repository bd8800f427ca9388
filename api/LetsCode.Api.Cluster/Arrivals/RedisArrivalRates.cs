using LetsCode.Api.Cluster.Queue;
using LetsCode.Redis;

namespace LetsCode.Api.Cluster.Arrivals;

/// <summary>One counter key per language and minute (INCR, EXPIRE after the retention); read with one MGET.</summary>
public sealed class RedisArrivalRates(IRedisClient redis, RedisKeys keys, TimeProvider time, int retentionMinutes) : IArrivalRates
{
    public async Task RecordAsync(string language, CancellationToken cancellationToken)
    {
        var key = keys.Arrivals(language, CurrentMinute());
        await redis.IncrementAsync(key, 1, cancellationToken);
        await redis.ExpireAsync(key, TimeSpan.FromMinutes(retentionMinutes), cancellationToken);
    }

    public async Task<IReadOnlyList<ArrivalCount>> RecentAsync(string language, int minutes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minutes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minutes, retentionMinutes);
        var current = CurrentMinute();
        var window = Enumerable.Range(0, minutes).Select(i => current - minutes + 1 + i).ToList();
        var args = new List<object>(minutes + 1) { "MGET" };
        args.AddRange(window.Select(m => (object)keys.Arrivals(language, m)));
        var values = (await redis.ExecuteAsync(args, cancellationToken)).AsArray() ?? [];
        return window.Select((minute, i) => new ArrivalCount(
                DateTimeOffset.FromUnixTimeSeconds(minute * 60),
                i < values.Length && !values[i].IsNull ? long.Parse(values[i].AsString()!, System.Globalization.CultureInfo.InvariantCulture) : 0))
            .ToList();
    }

    private long CurrentMinute() => time.GetUtcNow().ToUnixTimeSeconds() / 60;
}
