using System.Text.Json.Serialization;

namespace LetsCode.Judge.Model;

/// <summary>
/// What happened in one test run. stdout and stderr are truncated (see <see cref="MaxCapturedBytes"/>). Every field of
/// the runner contract is written, null included (the result JSON otherwise omits nulls).
/// </summary>
public sealed record TestResult
{
    public const int MaxCapturedBytes = 4096;

    public string Name { get; init; } = "";
    public Verdict Verdict { get; init; }
    public long TimeMs { get; init; }
    public long WallTimeMs { get; init; }
    public long MemoryKiB { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? ExitCode { get; init; }
    /// <summary>Signal name such as SIGSEGV when the program was killed by a signal.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Signal { get; init; }
    public string Stdout { get; init; } = "";
    public string Stderr { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? CheckerMessage { get; init; }
}
