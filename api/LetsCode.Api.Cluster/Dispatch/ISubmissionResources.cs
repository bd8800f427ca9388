using LetsCode.Judge.Model;

namespace LetsCode.Api.Cluster.Dispatch;

/// <summary>
/// The Submission custom resources (letscode.dev/v1alpha1, crds/submission.yaml) as the API sees them. The
/// Kubernetes implementation wraps the operator's client; tests use an in-memory one.
/// </summary>
public interface ISubmissionResources
{
    /// <summary>
    /// Creates the resource named <see cref="SubmissionResourceSpec.Name"/>. Idempotent: when it already exists
    /// (AlreadyExists from the API server) that is success, reported as <see cref="CreateOutcome.AlreadyExisted"/>.
    /// </summary>
    Task<CreateOutcome> CreateAsync(SubmissionResourceSpec spec, CancellationToken cancellationToken);

    /// <summary>Names of this language's resources that have not finished (phase Pending or Running, or no status yet).</summary>
    Task<IReadOnlyCollection<string>> ListActiveAsync(string language, CancellationToken cancellationToken);

    /// <summary>
    /// True when <see cref="ListActiveAsync"/> reflects every create this process completed (read-your-writes).
    /// When false (an informer cache that lags creates), the dispatcher also counts its own recent creates until the
    /// list has shown them (see InFlightTracker), so a lagging cache cannot make it overshoot the pool.
    /// </summary>
    bool ListIncludesOwnCreates => false;

    /// <summary>
    /// Level-triggered status feed: first the current status of every resource, then each change, until cancelled.
    /// A consumer must tolerate repeats (it is given states, not deltas).
    /// </summary>
    IAsyncEnumerable<SubmissionResourceStatus> WatchAsync(CancellationToken cancellationToken);
}

public enum CreateOutcome { Created, AlreadyExisted }

/// <summary>What a Submission resource's spec carries. Tests are referenced by suite hash (testsRef), so resources stay small.</summary>
public sealed record SubmissionResourceSpec
{
    public required string Name { get; init; }
    public required Guid SubmissionId { get; init; }
    public required string Language { get; init; }
    public required string Source { get; init; }
    public required string ProblemId { get; init; }
    /// <summary>SHA-256 of the test-suite manifest served by the internal test-data endpoint.</summary>
    public required string SuiteSha256 { get; init; }
    public Limits Limits { get; init; } = new();
    public CheckerSpec Checker { get; init; } = new();
    public bool StopOnFirstFailure { get; init; }
}

public enum SubmissionPhase { Pending, Running, Succeeded, Failed }

/// <summary>A Submission resource's status (crds/submission.yaml .status).</summary>
public sealed record SubmissionResourceStatus
{
    public required string Name { get; init; }
    public required Guid SubmissionId { get; init; }
    public SubmissionPhase Phase { get; init; }
    /// <summary>One of the judge's eight verdict names once finished.</summary>
    public string? Verdict { get; init; }
    public string? Message { get; init; }
    public int Passed { get; init; }
    public int Total { get; init; }
    public long MaxTimeMs { get; init; }
    public long MaxMemoryKiB { get; init; }
    public string? CompileOutput { get; init; }
    public IReadOnlyList<ResourceTestResult> Tests { get; init; } = [];

    public bool IsFinished => Phase is SubmissionPhase.Succeeded or SubmissionPhase.Failed;
}

/// <summary>One test's summary in the resource status (no program output).</summary>
public sealed record ResourceTestResult(
    string Name, string Verdict, long TimeMs, long WallTimeMs, long MemoryKiB, int? ExitCode = null, string? Signal = null, string? CheckerMessage = null);
