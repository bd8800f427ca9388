using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LetsCode.Api.Queue;

/// <summary>Embedded mode: workers take queued rows in arrival order, whatever the language.</summary>
public sealed class DatabaseQueuePositions(LetsCodeDbContext db) : IQueuePositions
{
    public async Task<int?> PositionAsync(SubmissionEntity submission, CancellationToken cancellationToken) =>
        1 + await db.Submissions.CountAsync(
            s => s.Status == SubmissionStatus.Queued && s.QueuedAt < submission.QueuedAt, cancellationToken);
}
