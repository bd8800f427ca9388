using LetsCode.Api.Contracts;
using LetsCode.Api.Queue;
using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LetsCode.Api.Processing;

/// <summary>Builds the submission document from storage, with the queue position while queued.</summary>
public sealed class SubmissionReader(LetsCodeDbContext db, IQueuePositions positions)
{
    public async Task<SubmissionDocument?> ReadAsync(Guid id, CancellationToken cancellationToken)
    {
        var submission = await db.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (submission is null)
        {
            return null;
        }
        var tests = await db.SubmissionTests.AsNoTracking()
            .Where(t => t.SubmissionId == id && t.Attempt == submission.Attempt)
            .ToListAsync(cancellationToken);
        var position = submission.Status == SubmissionStatus.Queued
            ? await positions.PositionAsync(submission, cancellationToken)
            : null;
        return SubmissionMapper.ToDocument(submission, tests, position);
    }
}
