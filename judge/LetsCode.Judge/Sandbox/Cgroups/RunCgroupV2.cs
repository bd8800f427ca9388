namespace LetsCode.Judge.Sandbox.Cgroups;

internal sealed class RunCgroupV2(string directory) : IRunCgroup
{
    private long cpuBaseline;
    private long oomBaseline;
    private int removed;

    public IReadOnlyList<string> ProcsFiles { get; } = [Path.Combine(directory, "cgroup.procs")];

    /// <summary>
    /// memory.peak cannot be reset globally (only per open file on 6.12+), so the peak includes the waiting launcher's
    /// small footprint (about 1.5 MiB).
    /// </summary>
    public void StartAccounting(int tasks)
    {
        CgroupFiles.Write(Path.Combine(directory, "pids.max"), tasks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        cpuBaseline = CpuMicroseconds() * 1000;
        oomBaseline = CgroupFiles.ReadKey(Path.Combine(directory, "memory.events"), "oom_kill");
    }

    private long CpuMicroseconds() => CgroupFiles.ReadKey(Path.Combine(directory, "cpu.stat"), "usage_usec");

    public long CpuTimeNanoseconds() => Math.Max(0, CpuMicroseconds() * 1000 - cpuBaseline);

    public long PeakMemoryBytes()
    {
        var peak = Path.Combine(directory, "memory.peak");
        return File.Exists(peak) ? CgroupFiles.ReadLong(peak) : CgroupFiles.ReadLong(Path.Combine(directory, "memory.current"));
    }

    public bool OomKilled() => CgroupFiles.ReadKey(Path.Combine(directory, "memory.events"), "oom_kill") > oomBaseline;

    public void SignalAll()
    {
        var kill = Path.Combine(directory, "cgroup.kill");
        if (File.Exists(kill)) CgroupFiles.Write(kill, "1");
        else CgroupFiles.SignalAll(Path.Combine(directory, "cgroup.procs"));
    }

    public void KillAll()
    {
        var kill = Path.Combine(directory, "cgroup.kill"); // atomic, race-free (Linux 5.14+)
        if (File.Exists(kill)) CgroupFiles.Write(kill, "1");
        CgroupFiles.KillAll(Path.Combine(directory, "cgroup.procs"));
    }

    public void Remove()
    {
        if (Interlocked.Exchange(ref removed, 1) == 1) return;
        if (!Directory.Exists(directory)) return;
        KillAll();
        CgroupFiles.RemoveDirectory(directory, Path.Combine(directory, "cgroup.procs"));
    }
}
