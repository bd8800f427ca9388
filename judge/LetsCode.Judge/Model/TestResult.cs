namespace LetsCode.Judge.Model;

/// <summary>What happened in one test run. stdout and stderr are truncated (see <see cref="MaxCapturedBytes"/>).</summary>
public sealed record TestResult
{
    public const int MaxCapturedBytes = 4096;

    public string Name { get; init; } = "";
    public Verdict Verdict { get; init; }
    public long TimeMs { get; init; }
    public long WallTimeMs { get; init; }
    public long MemoryKiB { get; init; }
    public int? ExitCode { get; init; }
    /// <summary>Signal name such as SIGSEGV when the program was killed by a signal.</summary>
    public string? Signal { get; init; }
    public string Stdout { get; init; } = "";
    public string Stderr { get; init; } = "";
    public string? CheckerMessage { get; init; }
}
