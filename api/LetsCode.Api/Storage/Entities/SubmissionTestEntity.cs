namespace LetsCode.Api.Storage.Entities;

/// <summary>One test's result for one attempt of a submission (rows of abandoned attempts are ignored).</summary>
public sealed class SubmissionTestEntity
{
    public Guid SubmissionId { get; set; }
    public int Attempt { get; set; }
    public int Index { get; set; }
    public string Name { get; set; } = "";
    public string Verdict { get; set; } = "";
    public long TimeMs { get; set; }
    public long WallTimeMs { get; set; }
    public long MemoryKiB { get; set; }
    public int? ExitCode { get; set; }
    public string? Signal { get; set; }
    public string? Stdout { get; set; }
    public string? Stderr { get; set; }
    public string? CheckerMessage { get; set; }
}
