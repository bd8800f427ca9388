using LetsCode.Judge.Model;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Judging;

/// <summary>
/// Turns what really happened in a run into a verdict, before any checker looks at the output. Pure. Order
/// matters: a program killed by the OOM killer also died of SIGKILL, and one that overran its CPU time also
/// overran its wall time; the cause is reported, not the symptom.
/// </summary>
public static class VerdictClassifier
{
    /// <param name="result">The sandbox's report.</param>
    /// <param name="limits">The limits the run had.</param>
    /// <param name="runtimeReportedOutOfMemory">The runtime's own heap ran out (e.g. java.lang.OutOfMemoryError in stderr).</param>
    /// <returns>The verdict, or null when the program ran to a clean exit and the checker decides.</returns>
    public static Verdict? Classify(SandboxResult result, SandboxLimits limits, bool runtimeReportedOutOfMemory = false)
    {
        if (result.SandboxError is not null) return Verdict.InternalError;
        var outputOverflowed = result.OutputLimitHit || result.Stdout.LongLength > limits.StdoutBytes;
        // Output past its limit wins over memory: a runtime that queues writes to a full pipe (Node.js) grows its
        // heap with the very output the sandbox stopped reading, so that OOM kill is the flood's symptom, not a cause.
        if (result.MemoryLimitHit && outputOverflowed) return Verdict.OutputLimitExceeded;
        if (result.MemoryLimitHit) return Verdict.MemoryLimitExceeded;
        if (result.CpuLimitHit || result.Signal == SignalNames.SigXcpu || result.CpuTimeMs > limits.CpuTimeMs)
            return Verdict.TimeLimitExceeded;
        if (result.WallLimitHit || result.WallTimeMs > limits.WallTimeMs) return Verdict.TimeLimitExceeded;
        // The kernel's hard RLIMIT_CPU kills with SIGKILL (hard = soft, since a pid 1 ignores SIGXCPU), possibly
        // before the cgroup's CPU counter shows the whole limit: a SIGKILL the sandbox did not send itself (wall,
        // output and memory kills are flagged) after a substantial share of the CPU limit is that rlimit.
        if (result.Signal == SignalNames.SigKill && !result.OutputLimitHit && !result.MemoryLimitHit &&
            result.CpuTimeMs * 2 >= limits.CpuTimeMs && result.PeakMemoryBytes < limits.MemoryBytes - (limits.MemoryBytes / 64))
            return Verdict.TimeLimitExceeded;
        if (outputOverflowed || result.Signal == SignalNames.SigXfsz) return Verdict.OutputLimitExceeded;

        var failed = result.Signal is not null || result.ExitCode is not 0;
        if (!failed) return null;

        // Killed outright at the memory ceiling without the OOM flag (a v1 cgroup can miss the event): still memory.
        if (result.Signal == SignalNames.SigKill && result.PeakMemoryBytes >= limits.MemoryBytes - (limits.MemoryBytes / 64))
            return Verdict.MemoryLimitExceeded;
        return runtimeReportedOutOfMemory ? Verdict.MemoryLimitExceeded : Verdict.RuntimeError;
    }
}
