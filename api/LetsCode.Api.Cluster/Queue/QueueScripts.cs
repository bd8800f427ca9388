namespace LetsCode.Api.Cluster.Queue;

/// <summary>
/// Lua scripts that keep the stream, the waiting set and the entry index consistent: Redis runs each atomically, so
/// no reader ever sees a submission in one of them and not the others.
/// </summary>
internal static class QueueScripts
{
    /// <summary>
    /// Idempotent enqueue. KEYS: stream, waiting zset, entry index hash, languages set, arrivals counter.
    /// ARGV: submission id, sequence, language, count arrival (1/0), arrival ttl seconds.
    /// Returns 1 when added, 0 when the submission already has a live entry. An index entry whose stream entry is
    /// gone (deleted or trimmed) does not count, so a stale marker heals itself instead of hiding a submission.
    /// </summary>
    public const string Enqueue = """
        local entry = redis.call('HGET', KEYS[3], ARGV[1])
        if entry and #redis.call('XRANGE', KEYS[1], entry, entry) > 0 then
          return 0
        end
        local id = redis.call('XADD', KEYS[1], '*', 'submission', ARGV[1], 'seq', ARGV[2])
        redis.call('HSET', KEYS[3], ARGV[1], id)
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
        redis.call('SADD', KEYS[4], ARGV[3])
        if ARGV[4] == '1' then
          redis.call('INCR', KEYS[5])
          redis.call('EXPIRE', KEYS[5], ARGV[5])
        end
        return 1
        """;

    /// <summary>
    /// Done with an entry (its Submission resource exists, or it needs none). KEYS: stream, waiting zset, entry index.
    /// ARGV: group, entry id, submission id. The entry is deleted, not only acknowledged, so the stream holds exactly
    /// the undispatched submissions; the markers are removed only if they still point at this entry.
    /// </summary>
    public const string Acknowledge = """
        local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('XDEL', KEYS[1], ARGV[2])
        if redis.call('HGET', KEYS[3], ARGV[3]) == ARGV[2] then
          redis.call('HDEL', KEYS[3], ARGV[3])
          redis.call('ZREM', KEYS[2], ARGV[3])
        end
        return acked
        """;
}
