namespace LetsCode.Judge.Model;

/// <summary>Per-test resource limits. Null members take the documented defaults (see <see cref="Resolve"/>).</summary>
public sealed record Limits
{
    public const int DefaultTimeMs = 2000;
    public const int DefaultMemoryMiB = 256;
    public const int DefaultOutputKiB = 64;
    public const int DefaultProcesses = 1;

    /// <summary>CPU time per test.</summary>
    public int? TimeMs { get; init; }
    /// <summary>Wall-clock time per test; defaults to three times <see cref="TimeMs"/>.</summary>
    public int? WallTimeMs { get; init; }
    /// <summary>Resident memory (cgroup), not address space.</summary>
    public int? MemoryMiB { get; init; }
    /// <summary>Bytes the program may write to stdout, in KiB.</summary>
    public int? OutputKiB { get; init; }
    /// <summary>Tasks (processes and threads) the program may have at once.</summary>
    public int? Processes { get; init; }

    /// <summary>Fills every unset limit with its default.</summary>
    public ResolvedLimits Resolve()
    {
        var time = TimeMs ?? DefaultTimeMs;
        return new ResolvedLimits(
            time,
            WallTimeMs ?? time * 3,
            MemoryMiB ?? DefaultMemoryMiB,
            OutputKiB ?? DefaultOutputKiB,
            Processes ?? DefaultProcesses);
    }
}

/// <summary>Limits with every default applied; what the judge actually enforces.</summary>
public sealed record ResolvedLimits(int TimeMs, int WallTimeMs, int MemoryMiB, int OutputKiB, int Processes);
