namespace LetsCode.Api.Cluster.Configuration;

/// <summary>
/// Cluster-mode settings (section "Cluster"; env Cluster__Namespace=judge etc.). Connection strings come from the
/// standard section: ConnectionStrings:Redis and ConnectionStrings:Postgres.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>
    /// Kubernetes namespace of the Submission and WarmPool resources: the operator's sandbox namespace, whose default
    /// (and the chart's) this matches, so that defaults on both sides meet.
    /// </summary>
    public string Namespace { get; set; } = "letscode-sandbox";

    /// <summary>Prefix of every Redis key, so several installations can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "letscode";

    /// <summary>Consumer name of this replica in the queue's consumer group; empty means host name + process id + a random suffix.</summary>
    public string? ConsumerName { get; set; }

    /// <summary>Languages to dispatch; empty means every language the API offers.</summary>
    public string[] Languages { get; set; } = [];

    /// <summary>A stream entry read but not acknowledged for this long belongs to a dead replica and is taken over.</summary>
    public double ClaimIdleSeconds { get; set; } = 30;

    /// <summary>The dispatcher lease per language: how long a leader may be silent before another replica takes over.</summary>
    public double LeaseSeconds { get; set; } = 10;

    /// <summary>How often the sweeper compares queued rows in PostgreSQL with the Redis queue.</summary>
    public double SweepIntervalSeconds { get; set; } = 15;

    /// <summary>A queued row younger than this is left to its intake (committed, enqueue in progress).</summary>
    public double SweepGraceSeconds { get; set; } = 5;

    /// <summary>How long the dispatcher's blocking read waits for new entries before re-checking leases and claims.</summary>
    public double ReadBlockSeconds { get; set; } = 2;

    /// <summary>How often the dispatcher re-reads capacity while the pool is full.</summary>
    public double CapacityPollSeconds { get; set; } = 0.5;

    /// <summary>How long arrival counters are kept (the autoscaler reads the recent minutes).</summary>
    public int ArrivalRetentionMinutes { get; set; } = 120;

    /// <summary>Where test data lives: PostgreSQL (default) or the file store on a shared ReadWriteMany volume.</summary>
    public TestDataStoreKind TestDataStore { get; set; } = TestDataStoreKind.Postgres;

    /// <summary>Shared secret of the internal test-data endpoint (Authorization: Bearer ...). Required in cluster mode.</summary>
    public string? InternalToken { get; set; }

    public TimeSpan ClaimIdle => TimeSpan.FromSeconds(ClaimIdleSeconds);

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan SweepInterval => TimeSpan.FromSeconds(SweepIntervalSeconds);

    public TimeSpan SweepGrace => TimeSpan.FromSeconds(SweepGraceSeconds);

    public TimeSpan ReadBlock => TimeSpan.FromSeconds(ReadBlockSeconds);

    public TimeSpan CapacityPoll => TimeSpan.FromSeconds(CapacityPollSeconds);

    public string EffectiveConsumerName { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    public string Consumer => string.IsNullOrWhiteSpace(ConsumerName) ? EffectiveConsumerName : ConsumerName;
}
