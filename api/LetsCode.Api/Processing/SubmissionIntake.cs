using LetsCode.Api.Configuration;
using LetsCode.Api.Contracts;
using LetsCode.Api.Live;
using LetsCode.Api.Queue;
using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Processing;

/// <summary>
/// Accepting a submission: the row is committed first, then the id is enqueued, and only then does the API answer.
/// A crash between the two leaves a Queued row that start-up recovery enqueues, so nothing accepted is lost.
/// </summary>
public sealed class SubmissionIntake(
    LetsCodeDbContext db,
    ISubmissionQueue queue,
    ILiveUpdates live,
    SequenceClock sequence,
    WorkerActivity activity,
    TimeProvider time,
    IOptions<LetsCodeOptions> options)
{
    /// <summary>Queued or running submissions of this user (the per-user cap counts these).</summary>
    public Task<int> PendingForUserAsync(string userId, CancellationToken cancellationToken) =>
        db.Submissions.CountAsync(s => s.UserId == userId && (s.Status == SubmissionStatus.Queued || s.Status == SubmissionStatus.Running), cancellationToken);

    /// <summary>A Retry-After hint: roughly how long until the queue ahead has drained by one user's cap.</summary>
    public int RetryAfterSeconds()
    {
        var workers = Math.Max(1, options.Value.EffectiveWorkers);
        var averageSeconds = Math.Max(0.5, activity.AverageExecutionMs / 1000.0);
        var seconds = Math.Ceiling(averageSeconds * Math.Max(1, queue.Depth) / workers);
        return (int)Math.Clamp(seconds, 1, 300);
    }

    public async Task<SubmissionEntity> AcceptAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var submission = new SubmissionEntity
        {
            Id = Guid.CreateVersion7(),
            UserId = request.UserId!,
            ProblemId = request.ProblemId!,
            Language = request.Language!,
            Code = request.Code!,
            IsCustomTest = request.IsCustomTest,
            Status = SubmissionStatus.Queued,
            QueuedAt = sequence.Next(),
            CreatedAt = time.GetUtcNow(),
        };
        db.Submissions.Add(submission);
        await db.SaveChangesAsync(cancellationToken);
        // Past this point the submission is durable; the enqueue must not be abandoned because the client left.
        await queue.EnqueueAsync(submission.Id, CancellationToken.None);
        await live.PublishAsync(submission.UserId,
            LiveMessage.Status(new StatusUpdateData(submission.Id, nameof(SubmissionStatus.Queued), 0, 0, null, null)),
            CancellationToken.None);
        return submission;
    }
}
