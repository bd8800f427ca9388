using LetsCode.Api.Queue;
using LetsCode.Api.Storage;
using LetsCode.Redis;
using Microsoft.EntityFrameworkCore;

namespace LetsCode.Api.Cluster.Queue;

/// <summary>
/// The embedded service's <see cref="ISubmissionQueue"/> seam in cluster mode. Intake calls EnqueueAsync after the
/// row is committed; the id is looked up for its language and arrival sequence (the seam carries only the id) and
/// added to that language's stream. No in-process worker dequeues here: the per-language dispatchers read the
/// streams, so DequeueAsync is not supported. Depth is the last value the depth monitor read from Redis (the seam's
/// Depth is synchronous; it is at most one refresh interval old). When Redis is unreachable the submission is still
/// accepted (its row is committed) and the sweeper enqueues it once Redis is back, so intake never fails after commit.
/// </summary>
public sealed class ClusterSubmissionQueue(
    IClusterQueue queue, IDbContextFactory<LetsCodeDbContext> dbFactory, QueueDepthGauge depth, ILogger<ClusterSubmissionQueue> logger)
    : ISubmissionQueue
{
    public int Depth => depth.Value;

    public async ValueTask EnqueueAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Submissions.AsNoTracking()
            .Where(s => s.Id == submissionId)
            .Select(s => new { s.Language, s.QueuedAt })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"submission {submissionId} is not stored; it must be committed before it is enqueued");
        try
        {
            await queue.EnqueueAsync(new QueuedSubmission(submissionId, row.Language, row.QueuedAt), countArrival: true, cancellationToken);
            depth.Increment();
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Submission {Id} is stored but Redis is unavailable; the sweeper will enqueue it", submissionId);
        }
    }

    public ValueTask<Guid> DequeueAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("In cluster mode submissions are dispatched from Redis per language; no in-process worker dequeues.");
}
