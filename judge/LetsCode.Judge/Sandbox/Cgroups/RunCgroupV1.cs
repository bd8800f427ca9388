namespace LetsCode.Judge.Sandbox.Cgroups;

internal sealed class RunCgroupV1(string memory, string pids, string cpuacct) : IRunCgroup
{
    private long cpuBaseline;
    private long oomBaseline;
    private int removed;

    public IReadOnlyList<string> ProcsFiles { get; } =
        [Path.Combine(memory, "cgroup.procs"), Path.Combine(pids, "cgroup.procs"), Path.Combine(cpuacct, "cgroup.procs")];

    public void StartAccounting(int tasks)
    {
        CgroupFiles.Write(Path.Combine(pids, "pids.max"), tasks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Writing 0 resets the high-water mark to the current usage (the waiting launcher: about 1.5 MiB).
        CgroupFiles.Write(Path.Combine(memory, "memory.max_usage_in_bytes"), "0");
        cpuBaseline = CgroupFiles.ReadLong(Path.Combine(cpuacct, "cpuacct.usage"));
        oomBaseline = OomKills();
    }

    public long CpuTimeNanoseconds() => Math.Max(0, CgroupFiles.ReadLong(Path.Combine(cpuacct, "cpuacct.usage")) - cpuBaseline);

    public long PeakMemoryBytes() => CgroupFiles.ReadLong(Path.Combine(memory, "memory.max_usage_in_bytes"));

    public bool OomKilled() => OomKills() > oomBaseline;

    private long OomKills() => CgroupFiles.ReadKey(Path.Combine(memory, "memory.oom_control"), "oom_kill");

    public void SignalAll() => CgroupFiles.SignalAll(Path.Combine(pids, "cgroup.procs"));

    public void KillAll() => CgroupFiles.KillAll(Path.Combine(pids, "cgroup.procs"));

    public void Remove()
    {
        if (Interlocked.Exchange(ref removed, 1) == 1) return;
        CgroupFiles.RemoveDirectory(pids, Path.Combine(pids, "cgroup.procs"));
        CgroupFiles.RemoveDirectory(memory, Path.Combine(memory, "cgroup.procs"));
        CgroupFiles.RemoveDirectory(cpuacct, Path.Combine(cpuacct, "cgroup.procs"));
    }
}
