using LetsCode.Api.Cluster.TestData;
using LetsCode.Api.Processing;
using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LetsCode.Api.Cluster.Dispatch;

/// <summary>
/// The database side of dispatching one submission: what resource to create (the same ExecutionPlanner the embedded
/// mode uses, so both modes judge identically), and the Queued -> Running transition once it exists.
/// </summary>
public sealed class DispatchPreparer(IDbContextFactory<LetsCodeDbContext> dbFactory, TestSuiteHashes suites, TimeProvider time)
{
    /// <summary>
    /// A burst submits thousands of times to the same few problems: their rows are reused for this long instead of
    /// being read per submission (an edited problem reaches new dispatches after at most this delay).
    /// </summary>
    private static readonly TimeSpan ProblemCacheTime = TimeSpan.FromSeconds(2);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CachedProblem> problems = new(StringComparer.Ordinal);

    public async Task<DispatchPlan> PrepareAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var submission = await db.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == submissionId, cancellationToken);
        // Running means its resource was created (the row moves to Running only after the create succeeded): a repeat
        // delivery after a crash before the acknowledgement. Creating again could judge it twice once the first
        // resource has been cleaned up, so only Queued rows get a resource.
        if (submission is null || submission.Status != SubmissionStatus.Queued)
        {
            return new DispatchPlan.NothingToDo(submission is null ? "not stored" : $"already {submission.Status}");
        }
        var (problem, tests) = await LoadProblemAsync(db, submission.ProblemId, cancellationToken);
        if (problem is null)
        {
            return new DispatchPlan.Reject(submission, $"problem '{submission.ProblemId}' no longer exists");
        }
        try
        {
            var plan = ExecutionPlanner.Plan(problem, tests, submission.Language, submission.Code, submission.IsCustomTest);
            var manifest = TestSuiteManifest.From(problem.Id, plan.Request.Tests);
            return new DispatchPlan.Create(submission, plan.Request.Tests.Count, new SubmissionResourceSpec
            {
                Name = ResourceNames.For(submission.Id),
                SubmissionId = submission.Id,
                Language = submission.Language,
                Source = plan.Request.Source,
                ProblemId = problem.Id,
                SuiteSha256 = await suites.GetAsync(manifest, cancellationToken),
                Limits = plan.Request.Limits,
                Checker = plan.Request.Checker,
                StopOnFirstFailure = plan.Request.StopOnFirstFailure,
            });
        }
        catch (Exception ex) when (ex is ArgumentException or TestDataMissingException)
        {
            return new DispatchPlan.Reject(submission, ex.Message);
        }
    }

    private async Task<(ProblemEntity? Problem, List<ProblemTestEntity> Tests)> LoadProblemAsync(
        LetsCodeDbContext db, string problemId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (problems.TryGetValue(problemId, out var cached) && now - cached.LoadedAt < ProblemCacheTime)
        {
            return (cached.Problem, cached.Tests);
        }
        var problem = await db.Problems.AsNoTracking().SingleOrDefaultAsync(p => p.Id == problemId, cancellationToken);
        var tests = problem is null
            ? []
            : await db.ProblemTests.AsNoTracking().Where(t => t.ProblemId == problemId).ToListAsync(cancellationToken);
        problems[problemId] = new CachedProblem(problem, tests, now);
        if (problems.Count > 10_000)
        {
            problems.Clear();
        }
        return (problem, tests);
    }

    private sealed record CachedProblem(ProblemEntity? Problem, List<ProblemTestEntity> Tests, DateTimeOffset LoadedAt);

    /// <summary>
    /// The resource exists: Queued -> Running (Attempt + 1), then <paramref name="onMarked"/> (the Running update is
    /// published) while the row is still locked, so no status sync can publish a test result of it first. False when
    /// the row had already moved on (a repeat, or the status sync marked it).
    /// </summary>
    public async Task<bool> MarkRunningAsync(Guid submissionId, int totalTests, Func<Task> onMarked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onMarked);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var marked = false;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            marked = await MarkRunningAsync(db, submissionId, totalTests, time.GetUtcNow(), cancellationToken);
            if (marked)
            {
                await onMarked();
            }
            await transaction.CommitAsync(cancellationToken);
        });
        return marked;
    }

    /// <summary>The Queued -> Running update itself, in the caller's transaction.</summary>
    internal static async Task<bool> MarkRunningAsync(
        LetsCodeDbContext db, Guid submissionId, int totalTests, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Submissions
            .Where(s => s.Id == submissionId && s.Status == SubmissionStatus.Queued)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SubmissionStatus.Running)
                .SetProperty(s => s.Attempt, s => s.Attempt + 1)
                .SetProperty(s => s.TotalTests, totalTests)
                .SetProperty(s => s.CurrentTest, 0)
                .SetProperty(s => s.StartedAt, now), cancellationToken) == 1;

    /// <summary>A submission that cannot be judged (its problem is gone, its plan is invalid) fails with a message.</summary>
    public async Task<bool> MarkFailedAsync(Guid submissionId, string message, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        return await db.Submissions
            .Where(s => s.Id == submissionId && (s.Status == SubmissionStatus.Queued || s.Status == SubmissionStatus.Running))
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SubmissionStatus.Failed)
                .SetProperty(s => s.Verdict, nameof(Judge.Model.Verdict.InternalError))
                .SetProperty(s => s.Message, message)
                .SetProperty(s => s.CompletedAt, now), cancellationToken) == 1;
    }
}

/// <summary>What to do with one queue entry.</summary>
public abstract record DispatchPlan
{
    private DispatchPlan()
    {
    }

    /// <summary>Create this resource, then mark the row Running.</summary>
    public sealed record Create(SubmissionEntity Submission, int TotalTests, SubmissionResourceSpec Spec) : DispatchPlan;

    /// <summary>The submission cannot be judged: fail it with the message.</summary>
    public sealed record Reject(SubmissionEntity Submission, string Message) : DispatchPlan;

    /// <summary>Missing or already judged: only acknowledge the entry.</summary>
    public sealed record NothingToDo(string Reason) : DispatchPlan;
}
