namespace LetsCode.Judge.Sandbox;

/// <summary>
/// A sandbox layer could not be set up, so nothing runs (fail closed). <see cref="Layer"/> names it
/// (bubblewrap, seccomp, cgroup memory, cgroup pids, cgroup cpuacct, rlimits, user namespace, ...).
/// </summary>
public sealed class SandboxUnavailableException : Exception
{
    public SandboxUnavailableException(string layer, string reason)
        : base($"sandbox layer '{layer}' is unavailable: {reason}")
    {
        Layer = layer;
    }

    public SandboxUnavailableException(string layer, string reason, Exception inner)
        : base($"sandbox layer '{layer}' is unavailable: {reason}", inner)
    {
        Layer = layer;
    }

    public SandboxUnavailableException() : base("sandbox unavailable") => Layer = "unknown";

    public SandboxUnavailableException(string message) : base(message) => Layer = "unknown";

    public SandboxUnavailableException(string message, Exception inner) : base(message, inner) => Layer = "unknown";

    public string Layer { get; }
}
