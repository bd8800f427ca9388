using LetsCode.Api.Storage.Entities;

namespace LetsCode.Api.Queue;

/// <summary>
/// The 1-based place of a queued submission for GET /api/submission/{id}, from whatever really orders the queue:
/// the database in embedded mode (one queue for all languages), the language's Redis stream in cluster mode.
/// </summary>
public interface IQueuePositions
{
    /// <returns>The position, or null when the queue no longer holds it (picked up meanwhile).</returns>
    Task<int?> PositionAsync(SubmissionEntity submission, CancellationToken cancellationToken);
}
