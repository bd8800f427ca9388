namespace LetsCode.Judge.Sandbox;

/// <summary>What really happened in a sandboxed run, as measured by the kernel.</summary>
public sealed record SandboxResult
{
    /// <summary>Exit code when the program exited normally.</summary>
    public int? ExitCode { get; init; }
    /// <summary>Signal number when the program was killed by a signal.</summary>
    public int? Signal { get; init; }
    public long CpuTimeMs { get; init; }
    public long WallTimeMs { get; init; }
    public long PeakMemoryBytes { get; init; }
    /// <summary>Captured stdout, at most StdoutBytes (+1 byte to detect the overflow).</summary>
    public byte[] Stdout { get; init; } = [];
    public byte[] Stderr { get; init; } = [];
    /// <summary>The cgroup's OOM killer fired.</summary>
    public bool MemoryLimitHit { get; init; }
    /// <summary>CPU time over the limit (measured or SIGXCPU).</summary>
    public bool CpuLimitHit { get; init; }
    /// <summary>Killed because wall-clock time ran out.</summary>
    public bool WallLimitHit { get; init; }
    /// <summary>Killed because stdout exceeded its limit (or RLIMIT_FSIZE fired).</summary>
    public bool OutputLimitHit { get; init; }
    /// <summary>The sandbox itself failed (not the program): a layer could not be set up.</summary>
    public string? SandboxError { get; init; }
}
