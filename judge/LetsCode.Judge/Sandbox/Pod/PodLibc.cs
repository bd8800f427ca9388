using System.Runtime.InteropServices;

namespace LetsCode.Judge.Sandbox.Pod;

/// <summary>The libc calls pod mode needs beyond <see cref="Execution.Libc"/>.</summary>
internal static partial class PodLibc
{
    private const int PrSetDumpable = 4;
    private const int PrSetChildSubreaper = 36;
    private const int WNoHang = 1;

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUid();

    [LibraryImport("libc", EntryPoint = "getpid")]
    public static partial int GetPid();

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, out int status, int options);

    /// <summary>
    /// Orphans anywhere below this process are re-parented to it instead of to the pod's init, so a program that
    /// double-forks and calls setsid() stays in our process tree, where the sweep after each run finds it.
    /// </summary>
    public static bool BecomeChildSubreaper() => Prctl(PrSetChildSubreaper, 1, 0, 0, 0) == 0;

    /// <summary>
    /// Programs run as our own uid; a non-dumpable process cannot be ptraced, nor its /proc/&lt;pid&gt;/mem or environ
    /// read, by a same-uid process without CAP_SYS_PTRACE. Keeps a submission from reading the job (the expected
    /// answers) out of the runner's memory or rewriting its verdict.
    /// </summary>
    public static bool BecomeNonDumpable() => Prctl(PrSetDumpable, 0, 0, 0, 0) == 0;

    /// <summary>Reaps an adopted child if it has exited; true when it was reaped (or is not our child any more).</summary>
    public static bool TryReap(int pid) => WaitPid(pid, out _, WNoHang) != 0;
}
