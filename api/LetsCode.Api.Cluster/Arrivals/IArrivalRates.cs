namespace LetsCode.Api.Cluster.Arrivals;

/// <summary>
/// Submissions arriving per language per UTC minute, shared by all replicas (the autoscaler reads them to size the
/// WarmPools ahead of a burst). Accepted submissions are counted by the enqueue script itself, atomically with the
/// enqueue; re-enqueues by the sweeper are not arrivals and are not counted.
/// </summary>
public interface IArrivalRates
{
    /// <summary>Counts one arrival now (for arrivals that do not pass through the queue).</summary>
    Task RecordAsync(string language, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="minutes"/> minutes, oldest first; the last one is the current, partial minute.</summary>
    Task<IReadOnlyList<ArrivalCount>> RecentAsync(string language, int minutes, CancellationToken cancellationToken);
}

/// <summary>Arrivals in the minute starting at <see cref="Minute"/>.</summary>
public sealed record ArrivalCount(DateTimeOffset Minute, long Count);
