namespace LetsCode.Api.Cluster.Queue;

/// <summary>
/// Queue position for GET /api/submission/{id} in cluster mode: the 1-based place among the waiting submissions of
/// the same language (each language has its own sandboxes, so only those ahead in the same language delay it).
/// </summary>
public interface IQueuePositions
{
    Task<int?> PositionAsync(Guid submissionId, string language, CancellationToken cancellationToken);
}

public sealed class RedisQueuePositions(IClusterQueue queue) : IQueuePositions
{
    public async Task<int?> PositionAsync(Guid submissionId, string language, CancellationToken cancellationToken) =>
        await queue.PositionAsync(language, submissionId, cancellationToken) is { } position ? (int)Math.Min(position, int.MaxValue) : null;
}
