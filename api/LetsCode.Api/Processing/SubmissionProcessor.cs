using System.Diagnostics;
using LetsCode.Api.Contracts;
using LetsCode.Api.Executor;
using LetsCode.Api.Live;
using LetsCode.Api.Queue;
using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Entities;
using LetsCode.Judge.Judging;
using LetsCode.Judge.Model;
using Microsoft.EntityFrameworkCore;

namespace LetsCode.Api.Processing;

/// <summary>
/// Judges one submission end to end: claims the row (Queued -> Running, Attempt + 1, a conditional update so only
/// one worker wins), runs it through the executor while persisting and streaming each test's result, then records
/// the verdict only if this attempt still holds the row. A submission therefore ends with exactly one verdict even
/// when its id is delivered twice or the service restarts mid-judge.
/// </summary>
public sealed class SubmissionProcessor(
    IDbContextFactory<LetsCodeDbContext> dbFactory,
    ISubmissionExecutor executor,
    ILiveUpdates live,
    CompletionSignals signals,
    WorkerActivity activity,
    TimeProvider time,
    ILogger<SubmissionProcessor> logger)
{
    public async Task ProcessAsync(Guid id, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(id, cancellationToken);
        if (claimed is null)
        {
            return; // already claimed or finished: a duplicate delivery
        }
        var (submission, problem, tests) = claimed.Value;

        if (problem is null)
        {
            await FinishAsync(submission, Failed($"problem '{submission.ProblemId}' no longer exists"), cancellationToken);
            return;
        }

        ExecutionPlan plan;
        try
        {
            plan = ExecutionPlanner.Plan(problem, tests, submission.Language, submission.Code, submission.IsCustomTest);
        }
        catch (ArgumentException ex)
        {
            await FinishAsync(submission, Failed(ex.Message), cancellationToken);
            return;
        }

        submission.TotalTests = plan.Request.Tests.Count;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Submissions.Where(s => s.Id == id && s.Attempt == submission.Attempt)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.TotalTests, submission.TotalTests), cancellationToken);
        }
        await PublishAsync(submission, "Running", 0, null, null, cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        JudgeResult result;
        try
        {
            result = await executor.ExecuteAsync(plan.Request, new Progress(this, submission, plan.Visible, cancellationToken), cancellationToken);
            // A judge may answer a cancelled job with the verdict of the runs it killed: that is not the program's verdict.
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // shutdown: leave the row Running for recovery
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Executor failed on submission {Id}", id);
            result = Failed($"the judge failed: {ex.Message}");
        }
        activity.RecordExecution(stopwatch.Elapsed);
        await FinishAsync(submission, result, cancellationToken);
    }

    private async Task<(SubmissionEntity, ProblemEntity?, List<ProblemTestEntity>)?> ClaimAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var claimed = await db.Submissions
            .Where(s => s.Id == id && s.Status == SubmissionStatus.Queued)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SubmissionStatus.Running)
                .SetProperty(s => s.Attempt, s => s.Attempt + 1)
                .SetProperty(s => s.CurrentTest, 0)
                .SetProperty(s => s.StartedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return null;
        }
        var submission = await db.Submissions.AsNoTracking().SingleAsync(s => s.Id == id, cancellationToken);
        var problem = await db.Problems.AsNoTracking().SingleOrDefaultAsync(p => p.Id == submission.ProblemId, cancellationToken);
        var tests = await db.ProblemTests.AsNoTracking().Where(t => t.ProblemId == submission.ProblemId).ToListAsync(cancellationToken);
        return (submission, problem, tests);
    }

    private async Task RecordTestAsync(SubmissionEntity submission, int index, TestResult result, bool visible, CancellationToken cancellationToken)
    {
        // A run killed by shutdown says nothing about the program; the next attempt judges this test again.
        cancellationToken.ThrowIfCancellationRequested();
        var row = SubmissionMapper.ToEntity(submission.Id, submission.Attempt, index, result, visible);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // One transaction (one commit, one fsync) for the result row and the progress counter, run through the
            // provider's execution strategy so PostgreSQL's retry-on-failure can replay it as a unit.
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                db.SubmissionTests.Add(row);
                await db.SaveChangesAsync(ct);
                await db.Submissions.Where(s => s.Id == submission.Id && s.Attempt == submission.Attempt && s.Status == SubmissionStatus.Running)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.CurrentTest, index + 1), ct);
                await transaction.CommitAsync(ct);
            }, cancellationToken);
        }
        await PublishAsync(submission, "Running", index + 1, SubmissionMapper.ToDocument(row), null, cancellationToken);
    }

    private async Task FinishAsync(SubmissionEntity submission, JudgeResult result, CancellationToken cancellationToken)
    {
        var status = result.Verdict == Verdict.InternalError ? SubmissionStatus.Failed : SubmissionStatus.Completed;
        var now = time.GetUtcNow();
        var compileOutput = Truncate(result.Compile.Output, 16 * 1024);
        var message = result.Error;
        int updated;
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            // Not cancellable: once judged, the verdict is written even if shutdown has begun.
            updated = await db.Submissions
                .Where(s => s.Id == submission.Id && s.Status == SubmissionStatus.Running && s.Attempt == submission.Attempt)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.Status, status)
                    .SetProperty(s => s.Verdict, result.Verdict.ToString())
                    .SetProperty(s => s.Passed, result.Passed)
                    .SetProperty(s => s.MaxTimeMs, result.MaxTimeMs)
                    .SetProperty(s => s.MaxMemoryKiB, result.MaxMemoryKiB)
                    .SetProperty(s => s.CompileOutput, compileOutput)
                    .SetProperty(s => s.Message, message)
                    .SetProperty(s => s.CompletedAt, now), CancellationToken.None);
        }
        if (updated == 0)
        {
            logger.LogWarning("Submission {Id} attempt {Attempt} lost its claim; result discarded", submission.Id, submission.Attempt);
            return;
        }

        submission.Status = status;
        submission.Verdict = result.Verdict.ToString();
        submission.Passed = result.Passed;
        submission.MaxTimeMs = result.MaxTimeMs;
        submission.MaxMemoryKiB = result.MaxMemoryKiB;
        submission.CompileOutput = compileOutput;
        submission.Message = message;
        await PublishAsync(submission, status.ToString(), result.Tests.Count, null, SubmissionMapper.VerdictOf(submission), CancellationToken.None);
        signals.Signal(submission.Id);
    }

    private ValueTask PublishAsync(
        SubmissionEntity submission, string status, int currentTest, TestResultDocument? test, VerdictDocument? verdict, CancellationToken cancellationToken) =>
        live.PublishAsync(
            submission.UserId,
            LiveMessage.Status(new StatusUpdateData(submission.Id, status, currentTest, submission.TotalTests, test, verdict)),
            cancellationToken);

    private static JudgeResult Failed(string message) => new()
    {
        Verdict = Verdict.InternalError,
        Compile = new CompileResult { Ok = false },
        Error = message,
    };

    private static string? Truncate(string? text, int max) =>
        text is null || text.Length <= max ? text : text[..max] + "\n[truncated]";

    /// <summary>Judge callbacks for one attempt; the judge calls them in order, one at a time.</summary>
    private sealed class Progress(SubmissionProcessor owner, SubmissionEntity submission, IReadOnlyList<bool> visible, CancellationToken cancellationToken)
        : IJudgeObserver
    {
        public ValueTask CompiledAsync(CompileResult compile) => ValueTask.CompletedTask;

        public ValueTask TestStartedAsync(int index, string name) => ValueTask.CompletedTask;

        public async ValueTask TestFinishedAsync(int index, TestResult result) =>
            await owner.RecordTestAsync(submission, index, result, index < visible.Count && visible[index], cancellationToken);
    }
}
