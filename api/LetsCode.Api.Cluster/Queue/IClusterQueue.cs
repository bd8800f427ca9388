namespace LetsCode.Api.Cluster.Queue;

/// <summary>
/// The Redis side of the cluster queue: one stream per language read through a consumer group, a waiting set for
/// depth and positions, and an index from submission id to its entry that makes enqueueing idempotent.
/// </summary>
public interface IClusterQueue
{
    /// <summary>Adds the submission unless it already has a live entry. True when it was added.</summary>
    Task<bool> EnqueueAsync(QueuedSubmission submission, bool countArrival, CancellationToken cancellationToken);

    /// <summary>Creates the consumer group (from the start of the stream) if missing.</summary>
    Task EnsureGroupAsync(string language, CancellationToken cancellationToken);

    /// <summary>New entries for this consumer, waiting up to <paramref name="block"/>; empty when none arrived.</summary>
    Task<IReadOnlyList<QueueEntry>> ReadNewAsync(string language, string consumer, int count, TimeSpan block, CancellationToken cancellationToken);

    /// <summary>Entries this consumer read earlier and has not acknowledged (after a restart with the same name).</summary>
    Task<IReadOnlyList<QueueEntry>> ReadOwnPendingAsync(string language, string consumer, CancellationToken cancellationToken);

    /// <summary>Takes over entries another consumer has held unacknowledged for at least <paramref name="minIdle"/>.</summary>
    Task<IReadOnlyList<QueueEntry>> ClaimAbandonedAsync(string language, string consumer, TimeSpan minIdle, CancellationToken cancellationToken);

    /// <summary>Acknowledges and removes the entry and its markers.</summary>
    Task AcknowledgeAsync(QueueEntry entry, CancellationToken cancellationToken);

    /// <summary>1-based place among the language's waiting submissions; null when not waiting.</summary>
    Task<long?> PositionAsync(string language, Guid submissionId, CancellationToken cancellationToken);

    /// <summary>Waiting submissions of every language.</summary>
    Task<long> DepthAsync(CancellationToken cancellationToken);

    /// <summary>Waiting submissions of one language.</summary>
    Task<long> DepthAsync(string language, CancellationToken cancellationToken);

    /// <summary>Whether the submission has a live entry (the sweeper's question).</summary>
    Task<bool> ContainsAsync(string language, Guid submissionId, CancellationToken cancellationToken);
}
