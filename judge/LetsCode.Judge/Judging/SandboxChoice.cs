namespace LetsCode.Judge.Judging;

/// <summary>Which sandbox a judge runs programs in (`letscode-runner --sandbox`).</summary>
public enum SandboxChoice
{
    /// <summary>The default: the hardened bubblewrap sandbox (fail closed if a layer is missing).</summary>
    Auto,

    /// <summary>The hardened bubblewrap sandbox, explicitly.</summary>
    Bubblewrap,

    /// <summary>
    /// Pod mode: only inside a one-submission sandbox pod, which is the isolation boundary (gVisor, Localhost seccomp,
    /// deny-all NetworkPolicy, limits). Adds per-test limits and clean-up, no isolation of its own. Never chosen by Auto.
    /// </summary>
    Pod,
}
