namespace LetsCode.Judge.Sandbox;

/// <summary>One sandboxed run: the command, the files it sees, and the limits it runs under.</summary>
public sealed record SandboxRequest
{
    /// <summary>argv as seen inside the sandbox (absolute path or a name found on the sandbox PATH).</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Host directory whose files the program finds in /box (its working directory).</summary>
    public required string BoxDirectory { get; init; }

    /// <summary>
    /// True for compiles: /box is the box directory itself, writable, and what the program writes there stays (the
    /// artifacts). False (test and checker runs): /box is private to the run and writable, bounded by
    /// <see cref="SandboxLimits.FileSizeBytes"/>, and starts with the box directory's entries, which the program can
    /// read but not change or delete; whatever it writes is gone when the run ends, so runs sharing a box directory
    /// (every test of a job) cannot affect each other. (Pod mode and the development runner cannot mount: there it is
    /// a fresh directory of links to the box's files, bounded per file only; see docs/sandbox.md.)
    /// </summary>
    public bool BoxKeepsWrites { get; init; }

    /// <summary>Host file fed to stdin; null means empty stdin.</summary>
    public string? StdinPath { get; init; }

    /// <summary>Environment inside the sandbox: nothing from the host is passed through.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra host paths bound read-only at the same path (toolchains outside /usr, e.g. a JDK).</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>Name of the profile in seccomp/ (without .json), e.g. "native", "python", "jvm".</summary>
    public required string SeccompProfile { get; init; }

    public required SandboxLimits Limits { get; init; }
}

/// <summary>Limits in the sandbox's own units. Output beyond StdoutBytes stops the run (OutputLimitExceeded).</summary>
public sealed record SandboxLimits
{
    public required long CpuTimeMs { get; init; }
    public required long WallTimeMs { get; init; }
    public required long MemoryBytes { get; init; }
    public required int Processes { get; init; }
    public required long StdoutBytes { get; init; }
    public long StderrBytes { get; init; } = 64 * 1024;
    /// <summary>Largest file the program may write (RLIMIT_FSIZE), and the size of the private /tmp and /box.</summary>
    public long FileSizeBytes { get; init; } = 64L * 1024 * 1024;
    public long StackBytes { get; init; } = 256L * 1024 * 1024;
    public int OpenFiles { get; init; } = 64;
}
