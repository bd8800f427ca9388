namespace LetsCode.Judge.Model;

/// <summary>One job for the judge: the runner reads exactly this as JSON on stdin.</summary>
public sealed record JudgeJob
{
    public string Language { get; init; } = "";
    public string Source { get; init; } = "";
    public IReadOnlyList<TestCase> Tests { get; init; } = [];
    public Limits Limits { get; init; } = new();
    public CheckerSpec Checker { get; init; } = new();
    public bool StopOnFirstFailure { get; init; }
}
