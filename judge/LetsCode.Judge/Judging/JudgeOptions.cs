using LetsCode.Judge.Model;

namespace LetsCode.Judge.Judging;

/// <summary>How a judge is set up: where it works, where it caches compiles, and whether it may run unsandboxed.</summary>
public sealed record JudgeOptions
{
    /// <summary>
    /// Scratch space for jobs (boxes, stdin files) and the sandbox's own state. Local disk, and every directory on
    /// the path must be traversable by the sandbox's unprivileged uid (65534), which mounts the boxes: not under
    /// /root or a 0700 home.
    /// </summary>
    public string WorkRoot { get; init; } = Path.Combine(Path.GetTempPath(), "letscode", "work");

    /// <summary>Compile cache directory (content-addressed, shared safely by concurrent judges).</summary>
    public string CacheRoot { get; init; } = Path.Combine(Path.GetTempPath(), "letscode", "cache");

    /// <summary>The cache evicts least recently used compiles beyond this many bytes.</summary>
    public long CacheCapBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>DEVELOPMENT ONLY: run programs without any sandbox. Never where untrusted code runs.</summary>
    public bool InsecureNoSandbox { get; init; }

    /// <summary>Which sandbox runs the programs; Pod only inside a sandbox pod (see docs/sandbox.md, "Pod mode").</summary>
    public SandboxChoice Sandbox { get; init; } = SandboxChoice.Auto;

    /// <summary>Bounds on job limits, test counts and sizes.</summary>
    public JobLimitsPolicy Policy { get; init; } = JobLimitsPolicy.Default;

    /// <summary>Limits of a compile step (also a custom checker's compile).</summary>
    public CompileLimits Compile { get; init; } = new();

    /// <summary>Limits of one custom checker run.</summary>
    public CheckerLimits Checker { get; init; } = new();

    /// <summary>Directory of seccomp profiles overriding the embedded ones (passed to the sandbox).</summary>
    public string? SeccompDirectory { get; init; }
}

/// <summary>Compilers are trusted programs fed untrusted input: generous but bounded.</summary>
public sealed record CompileLimits
{
    public int CpuTimeMs { get; init; } = 15_000;
    public int WallTimeMs { get; init; } = 30_000;
    public int MemoryMiB { get; init; } = 1024;
    public int Processes { get; init; } = 64;
    public long ArtifactBytes { get; init; } = 256L * 1024 * 1024;
    /// <summary>Compiler messages kept in the result.</summary>
    public int OutputBytes { get; init; } = 16 * 1024;
}

public sealed record CheckerLimits
{
    public int CpuTimeMs { get; init; } = 10_000;
    public int WallTimeMs { get; init; } = 20_000;
    public int MemoryMiB { get; init; } = 512;
}
