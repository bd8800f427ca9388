namespace LetsCode.Judge.Model;

/// <summary>
/// The bounds a job must stay within. Anything beyond them is refused by <see cref="JobValidator"/> with a message
/// naming the field, so a typo (timeMs: 2000000) cannot tie up a worker for half an hour.
/// </summary>
public sealed record JobLimitsPolicy
{
    public int MaxTimeMs { get; init; } = 60_000;
    public int MaxWallTimeMs { get; init; } = 180_000;
    public int MaxMemoryMiB { get; init; } = 4096;
    public int MaxOutputKiB { get; init; } = 64 * 1024;
    public int MaxProcesses { get; init; } = 256;
    public int MaxTests { get; init; } = 1000;
    public int MaxSourceBytes { get; init; } = 1024 * 1024;
    /// <summary>Per test, for input and expected output each.</summary>
    public int MaxTestDataBytes { get; init; } = 256 * 1024 * 1024;

    public static JobLimitsPolicy Default { get; } = new();
}
