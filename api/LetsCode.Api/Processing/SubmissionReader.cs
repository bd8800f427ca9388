using LetsCode.Api.Contracts;
using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LetsCode.Api.Processing;

/// <summary>Builds the submission document from storage, with the queue position while queued.</summary>
public sealed class SubmissionReader(LetsCodeDbContext db)
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
        int? position = null;
        if (submission.Status == SubmissionStatus.Queued)
        {
            position = 1 + await db.Submissions.CountAsync(
                s => s.Status == SubmissionStatus.Queued && s.QueuedAt < submission.QueuedAt, cancellationToken);
        }
        return SubmissionMapper.ToDocument(submission, tests, position);
    }
}
