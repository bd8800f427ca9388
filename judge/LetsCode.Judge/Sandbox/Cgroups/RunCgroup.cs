namespace LetsCode.Judge.Sandbox.Cgroups;

/// <summary>
/// One run's fresh cgroup (in every controller it needs). Accounting counts from <see cref="StartAccounting"/>,
/// i.e. from "go", not from when the sandbox was prepared.
/// </summary>
internal interface IRunCgroup
{
    /// <summary>cgroup.procs files a launcher writes its own pid into (one per hierarchy).</summary>
    IReadOnlyList<string> ProcsFiles { get; }

    /// <summary>
    /// At "go": set the run's own task limit (setup needed a few more), reset the peak and take a CPU baseline so
    /// the preparation's usage is not counted.
    /// </summary>
    void StartAccounting(int tasks);

    long CpuTimeNanoseconds();

    long PeakMemoryBytes();

    /// <summary>The kernel's OOM killer fired inside this cgroup.</summary>
    bool OomKilled();

    /// <summary>SIGKILLs every task listed now, once, without waiting (the hot path).</summary>
    void SignalAll();

    /// <summary>SIGKILLs every task until none is left (bounded retries for tasks forked meanwhile).</summary>
    void KillAll();

    /// <summary>KillAll, then remove the cgroup directories. Idempotent.</summary>
    void Remove();
}
