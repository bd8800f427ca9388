namespace LetsCode.Judge.Sandbox;

/// <summary>How the sandbox is set up on this machine (one instance per process, shared by all workers).</summary>
public sealed record SandboxOptions
{
    /// <summary>Per-run scratch (filter files, launcher state). Must be on a local file system; created if missing.</summary>
    public required string WorkRoot { get; init; }

    /// <summary>
    /// DEVELOPMENT ONLY: run programs as plain child processes with no isolation at all (still enforcing wall time
    /// and output caps). Never set this where untrusted code runs.
    /// </summary>
    public bool InsecureNoSandbox { get; init; }

    /// <summary>Directory of seccomp profiles (*.json) overriding the ones embedded in the judge library.</summary>
    public string? SeccompDirectory { get; init; }

    /// <summary>Unprivileged host uid/gid the programs run as (also inside the sandbox). 65534 is nobody/nogroup.</summary>
    public int Uid { get; init; } = 65534;
    public int Gid { get; init; } = 65534;

    /// <summary>
    /// Name of this process's parent cgroup under each controller (e.g. /sys/fs/cgroup/memory/&lt;name&gt;). Runs get
    /// children of it; leftovers of crashed runs are removed at start.
    /// </summary>
    public string CgroupParent { get; init; } = "letscode";

    /// <summary>Keep the next sandboxes of the same shape prepared between runs (keeps setup out of the hot path).</summary>
    public bool Prewarm { get; init; } = true;

    /// <summary>How many prepared sandboxes to keep per shape (their setup waits overlap; 2 keeps up with trivial tests).</summary>
    public int PrewarmDepth { get; init; } = 2;

    /// <summary>A prepared sandbox nobody used within this time is torn down.</summary>
    public TimeSpan PrewarmIdleTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Paths of the tools the sandbox relies on (overridable for unusual installs).</summary>
    public string BubblewrapPath { get; init; } = "/usr/bin/bwrap";
    public string SetprivPath { get; init; } = "/usr/bin/setpriv";
    public string ShellPath { get; init; } = "/bin/sh";
    public string CgroupRoot { get; init; } = "/sys/fs/cgroup";
}
