using System.Globalization;
using LetsCode.Autoscaling.Forecasting;
using LetsCode.Redis;
using LetsCode.Redis.Protocol;

namespace LetsCode.Autoscaling.Signals;

/// <summary>
/// <see cref="ILoadSignals"/> over cluster mode's Redis (keys: <see cref="LoadSignalKeys"/>). Per call: one MGET of
/// the arrival counters, XINFO GROUPS of the queue, one HMGET of the stats hash; issued together, so they share one
/// pipelined round trip.
/// </summary>
public sealed class RedisLoadSignals : ILoadSignals
{
    /// <summary>When XINFO cannot tell the lag, entries after the group's last-delivered id are counted up to this.</summary>
    public const int BacklogScanLimit = 10_000;

    private readonly IRedisClient _redis;
    private readonly string _group;

    public RedisLoadSignals(IRedisClient redis, LoadSignalKeys? keys = null, string consumerGroup = LoadSignalKeys.DefaultConsumerGroup)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrEmpty(consumerGroup);
        _redis = redis;
        Keys = keys ?? new LoadSignalKeys();
        _group = consumerGroup;
    }

    public LoadSignalKeys Keys { get; }

    public async Task<LanguageLoad> GetAsync(string language, DateTimeOffset now, int historyMinutes, CancellationToken cancellationToken = default)
    {
        if (historyMinutes is < 1 or > 24 * 60)
        {
            throw new ArgumentOutOfRangeException(nameof(historyMinutes), historyMinutes, "Must lie in [1, 1440].");
        }

        var arrivals = ReadArrivalsAsync(language, now, historyMinutes, cancellationToken);
        var backlog = ReadBacklogAsync(language, cancellationToken);
        var duration = ReadMeanJudgeDurationAsync(language, cancellationToken);
        await Task.WhenAll(arrivals, backlog, duration).ConfigureAwait(false);
        return new LanguageLoad(await arrivals.ConfigureAwait(false), await backlog.ConfigureAwait(false), await duration.ConfigureAwait(false));
    }

    private async Task<ArrivalHistory> ReadArrivalsAsync(string language, DateTimeOffset now, int minutes, CancellationToken cancellationToken)
    {
        var current = ArrivalHistory.UnixMinute(now);
        var first = current - minutes;
        var keys = new List<object>(minutes + 2) { "MGET" };
        for (var minute = first; minute <= current; minute++)
        {
            keys.Add(Keys.Arrivals(language, minute));
        }

        var values = (await _redis.ExecuteAsync(keys, cancellationToken).ConfigureAwait(false)).AsArray()
            ?? throw new LoadSignalException("MGET answered no array.");
        var counts = new long[minutes];
        long currentCount = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var count = ParseCount(values[i], (string)keys[i + 1]);
            if (i < minutes)
            {
                counts[i] = count;
            }
            else
            {
                currentCount = count;
            }
        }

        var elapsed = now - DateTimeOffset.FromUnixTimeSeconds(current * 60);
        return new ArrivalHistory(first, counts, currentCount, elapsed);
    }

    private async Task<long> ReadBacklogAsync(string language, CancellationToken cancellationToken)
    {
        var stream = Keys.Queue(language);
        IReadOnlyList<LetsCode.Redis.Streams.StreamGroupInfo> groups;
        try
        {
            groups = await _redis.StreamGroupsAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            return 0; // no queue yet: nothing waits
        }

        var group = groups.FirstOrDefault(g => g.Name == _group);
        if (group is null)
        {
            // The stream exists but no dispatcher ever joined: everything in it waits.
            return await _redis.StreamLengthAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        if (group.Lag is { } lag)
        {
            return lag + group.Pending;
        }

        // Redis cannot tell the lag after deletions or trimming inside the group's range: count what lies after the
        // last delivered id (XLEN would also count entries long acknowledged but not trimmed).
        var after = await _redis.ExecuteAsync(
            ["XRANGE", stream, "(" + group.LastDeliveredId, "+", "COUNT", BacklogScanLimit.ToString(CultureInfo.InvariantCulture)],
            cancellationToken).ConfigureAwait(false);
        return (after.AsArray()?.Length ?? 0) + group.Pending;
    }

    private async Task<TimeSpan?> ReadMeanJudgeDurationAsync(string language, CancellationToken cancellationToken)
    {
        var key = Keys.Stats(language);
        var values = (await _redis.ExecuteAsync(["HMGET", key, LoadSignalKeys.JudgeMsSumField, LoadSignalKeys.JudgeCountField], cancellationToken)
            .ConfigureAwait(false)).AsArray() ?? throw new LoadSignalException("HMGET answered no array.");
        var sum = ParseCount(values[0], $"{key} {LoadSignalKeys.JudgeMsSumField}");
        var count = ParseCount(values[1], $"{key} {LoadSignalKeys.JudgeCountField}");
        return count > 0 ? TimeSpan.FromMilliseconds((double)sum / count) : null;
    }

    private static long ParseCount(RespValue value, string what)
    {
        if (value.IsNull)
        {
            return 0;
        }

        var text = value.AsString();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new LoadSignalException($"{what} holds '{Truncate(text)}', not a non-negative integer.");
    }

    private static string? Truncate(string? text) => text is { Length: > 40 } ? text[..40] + "..." : text;
}
