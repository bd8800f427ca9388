using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Contracts;
using LetsCode.Api.Live;
using LetsCode.Api.Processing;
using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Entities;
using LetsCode.Judge.Model;
using Microsoft.EntityFrameworkCore;

namespace LetsCode.Api.Cluster.Status;

/// <summary>
/// Persists one observed Submission status to PostgreSQL and pushes the live updates it implies. Every replica
/// observes every resource, so each write is conditional and the database arbitrates: a test result row is inserted
/// with ON CONFLICT DO NOTHING and the verdict only moves a row that is still Queued or Running. Only the replica
/// whose write took effect publishes, so each update reaches the users once; a row lock (SELECT ... FOR UPDATE) held
/// across the writes and the publications keeps them in test order across replicas.
/// </summary>
public sealed class StatusRecorder(
    IDbContextFactory<LetsCodeDbContext> dbFactory,
    ILiveUpdates live,
    CompletionSignals signals,
    TimeProvider time,
    ILogger<StatusRecorder> logger)
{
    public async Task RecordAsync(SubmissionResourceStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var signal = false;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            // The row lock orders every replica's writes AND publications for this submission: whoever records test
            // 2 publishes it before anyone can record test 3, so a WebSocket client sees the tests in order.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            signal = await RecordLockedAsync(db, status, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        if (signal)
        {
            signals.Signal(status.SubmissionId);
        }
    }

    /// <summary>Inside the row lock; true when this call recorded the verdict.</summary>
    private async Task<bool> RecordLockedAsync(LetsCodeDbContext db, SubmissionResourceStatus status, CancellationToken cancellationToken)
    {
        var row = (await db.Submissions
            .FromSqlInterpolated($"SELECT * FROM submissions WHERE id = {status.SubmissionId} FOR UPDATE")
            .AsNoTracking()
            .ToListAsync(cancellationToken)).SingleOrDefault();
        if (row is null || row.Status is SubmissionStatus.Completed or SubmissionStatus.Failed)
        {
            return false; // unknown to us, or already final: a repeat of an old state
        }
        var total = status.Total > 0 ? status.Total : row.TotalTests;
        var attempt = row.Attempt;
        if (row.Status == SubmissionStatus.Queued)
        {
            // The sandbox reported before the dispatcher marked the row (it marks after the create returns): do it here,
            // under the same lock, so the test rows below belong to the attempt the row will show.
            attempt = await DispatchPreparer.MarkRunningAsync(db, row.Id, total, time.GetUtcNow(), cancellationToken) ? attempt + 1 : attempt;
            await PublishAsync(row.UserId, new StatusUpdateData(row.Id, nameof(SubmissionStatus.Running), 0, total, null, null));
        }

        for (var index = 0; index < status.Tests.Count; index++)
        {
            var test = status.Tests[index];
            var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO submission_tests (submission_id, attempt, test_index, name, verdict, time_ms, wall_time_ms, memory_kib,
                    exit_code, signal, stdout, stderr, checker_message)
                VALUES ({row.Id}, {attempt}, {index}, {test.Name}, {test.Verdict}, {test.TimeMs}, {test.WallTimeMs}, {test.MemoryKiB},
                    {test.ExitCode}, {test.Signal}, {(string?)null}, {(string?)null}, {test.CheckerMessage})
                ON CONFLICT DO NOTHING
                """, cancellationToken);
            if (inserted == 0)
            {
                continue;
            }
            var current = index + 1;
            await db.Submissions.Where(s => s.Id == row.Id && s.Attempt == attempt && s.CurrentTest < current)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.CurrentTest, current), cancellationToken);
            var document = new TestResultDocument
            {
                Index = index,
                Name = test.Name,
                Verdict = test.Verdict,
                TimeMs = test.TimeMs,
                WallTimeMs = test.WallTimeMs,
                MemoryKiB = test.MemoryKiB,
                ExitCode = test.ExitCode,
                Signal = test.Signal,
                CheckerMessage = test.CheckerMessage,
            };
            await PublishAsync(row.UserId, new StatusUpdateData(row.Id, nameof(SubmissionStatus.Running), current, total, document, null));
        }

        if (!status.IsFinished)
        {
            return false;
        }
        var verdict = status.Verdict ?? nameof(Verdict.InternalError);
        var final = status.Phase == SubmissionPhase.Failed || verdict == nameof(Verdict.InternalError)
            ? SubmissionStatus.Failed
            : SubmissionStatus.Completed;
        var message = status.Message ?? (status.Verdict is null ? "the sandbox finished without a verdict" : null);
        var now = time.GetUtcNow();
        var updated = await db.Submissions
            .Where(s => s.Id == row.Id && s.Attempt == attempt && s.Status == SubmissionStatus.Running)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, final)
                .SetProperty(s => s.Verdict, verdict)
                .SetProperty(s => s.Passed, status.Passed)
                .SetProperty(s => s.TotalTests, total)
                .SetProperty(s => s.CurrentTest, status.Tests.Count)
                .SetProperty(s => s.MaxTimeMs, status.MaxTimeMs)
                .SetProperty(s => s.MaxMemoryKiB, status.MaxMemoryKiB)
                .SetProperty(s => s.CompileOutput, status.CompileOutput)
                .SetProperty(s => s.Message, message)
                .SetProperty(s => s.CompletedAt, now), cancellationToken);
        if (updated == 0)
        {
            return false;
        }
        logger.LogDebug("Submission {Id}: {Verdict}", row.Id, verdict);
        var entity = new SubmissionEntity
        {
            Id = row.Id,
            Verdict = verdict,
            Passed = status.Passed,
            TotalTests = total,
            MaxTimeMs = status.MaxTimeMs,
            MaxMemoryKiB = status.MaxMemoryKiB,
            CompileOutput = status.CompileOutput,
            Message = message,
        };
        await PublishAsync(row.UserId, new StatusUpdateData(row.Id, final.ToString(), status.Tests.Count, total, null, SubmissionMapper.VerdictOf(entity)));
        return true;
    }

    private async Task PublishAsync(string userId, StatusUpdateData data)
    {
        try
        {
            await live.PublishAsync(userId, LiveMessage.Status(data), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug(ex, "Could not publish the live update of {Id}", data.SubmissionId);
        }
    }
}
