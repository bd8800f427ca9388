using System.Globalization;
using LetsCode.Redis;
using LetsCode.Redis.Streams;

namespace LetsCode.Api.Cluster.Queue;

/// <summary>
/// <see cref="IClusterQueue"/> on Redis Streams. Positions and depth come from the waiting sorted set (score: the
/// arrival sequence), not from XLEN/XPENDING arithmetic: the set answers "how many are ahead of me" with one ZRANK
/// and stays exact while entries are pending, claimed or re-enqueued.
/// </summary>
public sealed class RedisClusterQueue(IRedisClient redis, RedisKeys keys, TimeProvider time, int arrivalRetentionMinutes) : IClusterQueue
{
    public async Task<bool> EnqueueAsync(QueuedSubmission submission, bool countArrival, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var reply = await redis.EvalAsync(
            QueueScripts.Enqueue,
            [keys.Queue(submission.Language), keys.Waiting(submission.Language), keys.Entries(submission.Language), keys.Languages,
                keys.Arrivals(submission.Language, minute)],
            [submission.Id.ToString("D"), submission.Sequence.ToString(CultureInfo.InvariantCulture), submission.Language,
                countArrival ? "1" : "0", (arrivalRetentionMinutes * 60).ToString(CultureInfo.InvariantCulture)],
            cancellationToken);
        return reply.AsInt64() == 1;
    }

    public async Task EnsureGroupAsync(string language, CancellationToken cancellationToken) =>
        // From "0": after Redis lost its data the sweeper re-adds entries before the group exists again, and they must be read.
        await redis.StreamCreateGroupAsync(keys.Queue(language), RedisKeys.Group, "0", cancellationToken);

    public async Task<IReadOnlyList<QueueEntry>> ReadNewAsync(
        string language, string consumer, int count, TimeSpan block, CancellationToken cancellationToken)
    {
        var entries = await WithGroupAsync(language, () =>
            redis.StreamReadGroupAsync(keys.Queue(language), RedisKeys.Group, consumer, ">", count, block, cancellationToken), cancellationToken);
        return await ToQueueEntriesAsync(language, entries, cancellationToken);
    }

    public async Task<IReadOnlyList<QueueEntry>> ReadOwnPendingAsync(string language, string consumer, CancellationToken cancellationToken)
    {
        var result = new List<QueueEntry>();
        var cursor = "0";
        while (true)
        {
            var entries = await WithGroupAsync(language, () =>
                redis.StreamReadGroupAsync(keys.Queue(language), RedisKeys.Group, consumer, cursor, 100, null, cancellationToken), cancellationToken);
            if (entries.Count == 0)
            {
                return result;
            }
            result.AddRange(await ToQueueEntriesAsync(language, entries, cancellationToken));
            cursor = entries[^1].Id;
        }
    }

    public async Task<IReadOnlyList<QueueEntry>> ClaimAbandonedAsync(
        string language, string consumer, TimeSpan minIdle, CancellationToken cancellationToken)
    {
        var result = new List<QueueEntry>();
        var cursor = "0-0";
        do
        {
            var page = await WithGroupAsync(language, () =>
                redis.StreamAutoClaimAsync(keys.Queue(language), RedisKeys.Group, consumer, minIdle, cursor, 100, cancellationToken), cancellationToken);
            result.AddRange(await ToQueueEntriesAsync(language, page.Entries, cancellationToken));
            // Entries whose content vanished (XDEL/trim) leave the pending list here; their submissions are still
            // Queued in PostgreSQL and the enqueue script ignores their stale index, so the sweeper re-adds them.
            cursor = page.NextStartId;
        }
        while (cursor != "0-0");
        return result;
    }

    public async Task AcknowledgeAsync(QueueEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await redis.EvalAsync(
            QueueScripts.Acknowledge,
            [keys.Queue(entry.Language), keys.Waiting(entry.Language), keys.Entries(entry.Language)],
            [RedisKeys.Group, entry.EntryId, entry.SubmissionId.ToString("D")],
            cancellationToken);
    }

    public async Task<long?> PositionAsync(string language, Guid submissionId, CancellationToken cancellationToken)
    {
        var rank = await redis.SortedSetRankAsync(keys.Waiting(language), submissionId.ToString("D"), cancellationToken);
        return rank + 1;
    }

    public async Task<long> DepthAsync(CancellationToken cancellationToken)
    {
        var languages = (await redis.ExecuteAsync(["SMEMBERS", keys.Languages], cancellationToken)).AsArray() ?? [];
        long total = 0;
        foreach (var language in languages)
        {
            total += await DepthAsync(language.AsString()!, cancellationToken);
        }
        return total;
    }

    public Task<long> DepthAsync(string language, CancellationToken cancellationToken) =>
        redis.SortedSetLengthAsync(keys.Waiting(language), cancellationToken);

    public async Task<bool> ContainsAsync(string language, Guid submissionId, CancellationToken cancellationToken)
    {
        var entry = await redis.HashGetAsync(keys.Entries(language), submissionId.ToString("D"), cancellationToken);
        if (entry.IsNull)
        {
            return false;
        }
        var id = entry.ToString()!;
        return (await redis.StreamRangeAsync(keys.Queue(language), id, id, 1, cancellationToken)).Count > 0;
    }

    /// <summary>Runs a group command; if Redis lost the group (restart without persistence), recreates it and retries once.</summary>
    private async Task<T> WithGroupAsync<T>(string language, Func<Task<T>> command, CancellationToken cancellationToken)
    {
        try
        {
            return await command();
        }
        catch (RedisServerException ex) when (ex.ErrorCode == "NOGROUP")
        {
            await EnsureGroupAsync(language, cancellationToken);
            return await command();
        }
    }

    private async Task<IReadOnlyList<QueueEntry>> ToQueueEntriesAsync(
        string language, IReadOnlyList<StreamEntry> entries, CancellationToken cancellationToken)
    {
        var result = new List<QueueEntry>(entries.Count);
        foreach (var entry in entries)
        {
            if (!entry.IsDeleted && Guid.TryParse(entry["submission"].ToString(), out var id))
            {
                result.Add(new QueueEntry(language, entry.Id, id));
                continue;
            }
            // Content gone or not ours: nothing to dispatch. Acknowledge so it does not circle forever.
            await redis.StreamAckAsync(keys.Queue(language), RedisKeys.Group, [entry.Id], cancellationToken);
            await redis.StreamDeleteAsync(keys.Queue(language), [entry.Id], cancellationToken);
        }
        return result;
    }
}
