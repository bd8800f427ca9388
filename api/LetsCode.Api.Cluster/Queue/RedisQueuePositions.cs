using LetsCode.Api.Queue;
using LetsCode.Api.Storage.Entities;

namespace LetsCode.Api.Cluster.Queue;

/// <summary>
/// Cluster mode: the place among the waiting submissions of the same language (each language has its own sandboxes,
/// so only those ahead in the same language delay it), read from the language's queue in Redis.
/// </summary>
public sealed class RedisQueuePositions(IClusterQueue queue) : IQueuePositions
{
    public async Task<int?> PositionAsync(SubmissionEntity submission, CancellationToken cancellationToken) =>
        await queue.PositionAsync(submission.Language, submission.Id, cancellationToken) is { } position
            ? (int)Math.Min(position, int.MaxValue)
            : null;
}
