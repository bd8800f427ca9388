namespace LetsCode.Judge.Model;

/// <summary>The runner's answer for one job.</summary>
public sealed record JudgeResult
{
    /// <summary>Overall verdict: the first non-accepted test's verdict (or CompilationError / InternalError).</summary>
    public Verdict Verdict { get; init; }
    public CompileResult Compile { get; init; } = new();
    public IReadOnlyList<TestResult> Tests { get; init; } = [];
    public int Passed { get; init; }
    public int Total { get; init; }
    public long MaxTimeMs { get; init; }
    public long MaxMemoryKiB { get; init; }
    /// <summary>Set only with InternalError: what went wrong in the judge itself.</summary>
    public string? Error { get; init; }
}
