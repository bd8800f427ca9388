using System.Globalization;
using LetsCode.Judge.Sandbox.Execution;

namespace LetsCode.Judge.Sandbox.Pod;

/// <summary>
/// The shell line a pod-mode run starts with: the shared rlimits (CPU hard = soft, FSIZE, STACK, NOFILE, CORE 0),
/// RLIMIT_NPROC when it means something, then exec of the program, so the limits apply to it and it keeps the pid.
/// </summary>
internal static class PodLaunchScript
{
    /// <param name="processLimit">
    /// RLIMIT_NPROC, counted over every task of the uid (the runner's threads included), or null to leave it unset:
    /// for root it is ignored, and on a shared host the uid's count belongs to others too.
    /// </param>
    public static string For(SandboxLimits limits, long? processLimit)
    {
        // dash and busybox spell RLIMIT_NPROC -p, bash spells it -u (its -p is the read-only pipe size).
        var n = processLimit?.ToString(CultureInfo.InvariantCulture);
        var nproc = n is null ? "" : $" && {{ ulimit -p {n} 2>/dev/null || ulimit -u {n}; }}";
        return $"{RlimitScript.For(limits)}{nproc} && exec \"$@\"";
    }
}
