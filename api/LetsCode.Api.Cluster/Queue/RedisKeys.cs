namespace LetsCode.Api.Cluster.Queue;

/// <summary>Every Redis key and channel cluster mode uses, in one place (prefix "letscode" by default).</summary>
public sealed class RedisKeys(string prefix)
{
    public const string Group = "dispatchers";

    public string Prefix { get; } = prefix;

    /// <summary>The stream of one language: entries {submission, queuedAt}.</summary>
    public string Queue(string language) => $"{Prefix}:queue:{language}";

    /// <summary>Sorted set of the submissions of one language waiting for a sandbox (score: arrival sequence).</summary>
    public string Waiting(string language) => $"{Prefix}:waiting:{language}";

    /// <summary>Hash from submission id to its live stream entry id (what makes enqueueing idempotent).</summary>
    public string Entries(string language) => $"{Prefix}:entries:{language}";

    /// <summary>Set of languages that ever had a queue (for depth and the sweeper).</summary>
    public string Languages => $"{Prefix}:languages";

    /// <summary>The dispatcher lease of one language.</summary>
    public string DispatchLease(string language) => $"{Prefix}:dispatcher:{language}";

    /// <summary>Arrivals of one language in one UTC minute (Unix minutes).</summary>
    public string Arrivals(string language, long unixMinute) => $"{Prefix}:arrivals:{language}:{unixMinute}";

    /// <summary>Per-submission sequence of live messages.</summary>
    public string LiveSequence(Guid submissionId) => $"{Prefix}:live:seq:{submissionId:N}";

    /// <summary>Pub/sub channel of one user's live messages.</summary>
    public string LiveUserChannel(string userId) => $"{Prefix}:live:user:{userId}";

    public string LiveUserPattern => $"{Prefix}:live:user:*";

    public string UserOfChannel(string channel) => channel[$"{Prefix}:live:user:".Length..];
}
