using LetsCode.Redis.Streams;

namespace LetsCode.Redis;

/// <summary>Streams and consumer groups: XADD, XGROUP CREATE, XREADGROUP, XACK, XPENDING, XAUTOCLAIM, XRANGE, XLEN, XDEL, XINFO GROUPS.</summary>
public sealed partial class RedisClient
{
    public async Task<string> StreamAddAsync(string key, IReadOnlyList<KeyValuePair<string, RedisValue>> fields, long? maxLengthApprox = null, CancellationToken cancellationToken = default)
    {
        if (fields.Count == 0)
        {
            throw new ArgumentException("XADD needs at least one field.", nameof(fields));
        }

        var args = new List<object>(6 + (2 * fields.Count)) { "XADD", key };
        if (maxLengthApprox is { } maxLength)
        {
            args.AddRange(["MAXLEN", "~", maxLength]);
        }

        args.Add("*");
        foreach (var (field, value) in fields)
        {
            args.Add(field);
            args.Add(value);
        }

        return (await ExecuteAsync(args, cancellationToken).ConfigureAwait(false)).AsString()!;
    }

    public async Task<bool> StreamCreateGroupAsync(string key, string group, string startId = "$", CancellationToken cancellationToken = default)
    {
        try
        {
            await RunAsync(cancellationToken, "XGROUP", "CREATE", key, group, startId, "MKSTREAM").ConfigureAwait(false);
            return true;
        }
        catch (RedisServerException e) when (e.ErrorCode == "BUSYGROUP")
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<StreamEntry>> StreamReadGroupAsync(string key, string group, string consumer, string startId = ">", int? count = null, TimeSpan? block = null, CancellationToken cancellationToken = default)
    {
        var args = new List<object>(10) { "XREADGROUP", "GROUP", group, consumer };
        if (count is { } limit)
        {
            args.AddRange(["COUNT", limit]);
        }

        if (block is { } wait)
        {
            // BLOCK 0 means forever on the server; callers wanting that should pass a long span instead.
            args.AddRange(["BLOCK", Math.Max(1, (long)wait.TotalMilliseconds)]);
        }

        args.AddRange(["STREAMS", key, startId]);
        var reply = block is { } blockTime
            ? await ExecuteBlockingAsync(args, blockTime, cancellationToken).ConfigureAwait(false)
            : await ExecuteAsync(args, cancellationToken).ConfigureAwait(false);
        return StreamReplyParser.ParseRead(reply);
    }

    public async Task<long> StreamAckAsync(string key, string group, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        return (await ExecuteAsync(["XACK", key, group, .. ids], cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    public async Task<StreamPendingSummary> StreamPendingAsync(string key, string group, CancellationToken cancellationToken = default) =>
        StreamReplyParser.ParsePendingSummary(await RunAsync(cancellationToken, "XPENDING", key, group).ConfigureAwait(false));

    public async Task<IReadOnlyList<StreamPendingEntry>> StreamPendingEntriesAsync(string key, string group, int count, string start = "-", string end = "+", string? consumer = null, TimeSpan? minIdle = null, CancellationToken cancellationToken = default)
    {
        var args = new List<object>(10) { "XPENDING", key, group };
        if (minIdle is { } idle)
        {
            args.AddRange(["IDLE", (long)idle.TotalMilliseconds]);
        }

        args.AddRange([start, end, count]);
        if (consumer is not null)
        {
            args.Add(consumer);
        }

        return StreamReplyParser.ParsePendingEntries(await ExecuteAsync(args, cancellationToken).ConfigureAwait(false));
    }

    public async Task<StreamAutoClaimResult> StreamAutoClaimAsync(string key, string group, string consumer, TimeSpan minIdle, string startId = "0-0", int count = 100, CancellationToken cancellationToken = default) =>
        StreamReplyParser.ParseAutoClaim(await RunAsync(
            cancellationToken, "XAUTOCLAIM", key, group, consumer, (long)minIdle.TotalMilliseconds, startId, "COUNT", count).ConfigureAwait(false));

    public async Task<IReadOnlyList<StreamEntry>> StreamRangeAsync(string key, string start = "-", string end = "+", int? count = null, CancellationToken cancellationToken = default)
    {
        List<object> args = count is { } limit ? ["XRANGE", key, start, end, "COUNT", limit] : ["XRANGE", key, start, end];
        return StreamReplyParser.ParseEntries(await ExecuteAsync(args, cancellationToken).ConfigureAwait(false));
    }

    public async Task<long> StreamLengthAsync(string key, CancellationToken cancellationToken = default) =>
        (await RunAsync(cancellationToken, "XLEN", key).ConfigureAwait(false)).AsInt64();

    public async Task<long> StreamDeleteAsync(string key, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        return (await ExecuteAsync(["XDEL", key, .. ids], cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    public async Task<IReadOnlyList<StreamGroupInfo>> StreamGroupsAsync(string key, CancellationToken cancellationToken = default) =>
        StreamReplyParser.ParseGroups(await RunAsync(cancellationToken, "XINFO", "GROUPS", key).ConfigureAwait(false));
}
