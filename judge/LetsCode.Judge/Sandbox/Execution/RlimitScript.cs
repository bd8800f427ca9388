using System.Globalization;

namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>
/// The shell commands that set a run's rlimits before exec (dash's ulimit takes one limit per call, and without -H/-S
/// sets hard = soft, which matters: a pid 1 ignores SIGXCPU, so only the hard limit's SIGKILL stops it).
/// </summary>
internal static class RlimitScript
{
    public static string For(SandboxLimits limits)
    {
        var cpuSeconds = Math.Max(1, (limits.CpuTimeMs + 999) / 1000);
        string[] commands =
        [
            "ulimit -c 0",
            $"ulimit -t {cpuSeconds}",
            $"ulimit -f {Blocks(limits.FileSizeBytes)}",
            $"ulimit -s {Math.Max(64, limits.StackBytes / 1024)}",
            $"ulimit -n {limits.OpenFiles}",
        ];
        return string.Join(" && ", commands.Select(c => c.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>ulimit -f counts 512-byte blocks; round down so the limit is never exceeded.</summary>
    private static long Blocks(long bytes) => Math.Max(1, bytes / 512);
}
