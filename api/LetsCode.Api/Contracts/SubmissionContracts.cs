using System.Text.Json.Serialization;

namespace LetsCode.Api.Contracts;

/// <summary>POST /api/submit body.</summary>
public sealed record SubmitRequest
{
    public string? Code { get; init; }
    public string? Language { get; init; }
    public string? ProblemId { get; init; }
    public string? UserId { get; init; }
    /// <summary>Judge only the problem's sample tests (a "Run" as opposed to a "Submit").</summary>
    public bool IsCustomTest { get; init; }
}

/// <summary>POST /api/submit answer (without ?wait=true).</summary>
public sealed record SubmitResponse(Guid SubmissionId);

/// <summary>
/// GET /api/submission/{id}; also the ?wait=true answer, where <c>submissionId</c> repeats the id. The service omits
/// null fields in general, but the fields of these documents are a contract clients read by name, so they are always
/// present (null until set); only <c>submissionId</c>, which belongs to the ?wait=true answer alone, is left out.
/// </summary>
public sealed record SubmissionDocument
{
    public Guid Id { get; init; }
    public Guid? SubmissionId { get; init; }
    public string UserId { get; init; } = "";
    public string ProblemId { get; init; } = "";
    public string Language { get; init; } = "";
    public bool IsCustomTest { get; init; }
    /// <summary>Queued, Running, Completed or Failed.</summary>
    public string Status { get; init; } = "";
    /// <summary>1-based place in the queue while Queued.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? QueuePosition { get; init; }
    public int CurrentTest { get; init; }
    public int TotalTests { get; init; }
    /// <summary>Set once judged (Completed or Failed).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public VerdictDocument? Verdict { get; init; }
    public IReadOnlyList<TestResultDocument> TestResults { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? StartedAt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>The outcome: <c>status</c> is one of the judge's eight verdict names.</summary>
public sealed record VerdictDocument
{
    public string Status { get; init; } = "";
    public int Passed { get; init; }
    public int Total { get; init; }
    public long MaxTimeMs { get; init; }
    public long MaxMemoryKiB { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? CompileOutput { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Message { get; init; }
}

/// <summary>
/// One test's result. stdout/stderr are shown for sample tests and custom tests only: hidden tests' output would
/// leak their data.
/// </summary>
public sealed record TestResultDocument
{
    public int Index { get; init; }
    public string Name { get; init; } = "";
    public string Verdict { get; init; } = "";
    public long TimeMs { get; init; }
    public long WallTimeMs { get; init; }
    public long MemoryKiB { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? ExitCode { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Signal { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Stdout { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Stderr { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? CheckerMessage { get; init; }
}
