using System.Globalization;

namespace LetsCode.Judge.Sandbox.Cgroups;

/// <summary>
/// cgroup v2 (unified hierarchy): one directory per run under &lt;root&gt;/&lt;parent&gt;, with the memory, pids and cpu
/// controllers delegated to it. Swap is off (memory.swap.max = 0).
/// </summary>
internal sealed class CgroupV2Driver(string root, string parent) : ICgroupDriver
{
    private static readonly string[] Controllers = ["memory", "pids", "cpu"];

    public string Description => $"cgroup v2 (memory, pids, cpu) under {ParentDir}";

    private string ParentDir => Path.Combine(root, parent);

    /// <summary>True when <paramref name="root"/> is a unified hierarchy offering the controllers we need.</summary>
    public static bool Offers(string root)
    {
        var file = Path.Combine(root, "cgroup.controllers");
        if (!File.Exists(file)) return false;
        var available = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Controllers.All(available.Contains);
    }

    private void EnsureParent()
    {
        Directory.CreateDirectory(ParentDir);
        var enable = string.Join(' ', Controllers.Select(c => "+" + c));
        foreach (var directory in new[] { root, ParentDir })
        {
            var control = Path.Combine(directory, "cgroup.subtree_control");
            var active = File.ReadAllText(control).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!Controllers.All(active.Contains)) CgroupFiles.Write(control, enable);
        }
    }

    public IRunCgroup Create(string name, CgroupLimits limits)
    {
        var directory = Path.Combine(ParentDir, name);
        try
        {
            EnsureParent();
            Directory.CreateDirectory(directory);
            CgroupFiles.Write(Path.Combine(directory, "memory.max"), limits.MemoryBytes.ToString(CultureInfo.InvariantCulture));
            var swap = Path.Combine(directory, "memory.swap.max");
            if (File.Exists(swap)) CgroupFiles.Write(swap, "0");
            var group = Path.Combine(directory, "memory.oom.group");
            if (File.Exists(group)) CgroupFiles.Write(group, "1"); // an OOM kills the whole run, not one random task
            CgroupFiles.Write(Path.Combine(directory, "pids.max"), limits.Tasks.ToString(CultureInfo.InvariantCulture));
            return new RunCgroupV2(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                CgroupFiles.RemoveDirectory(directory, Path.Combine(directory, "cgroup.procs"));
            }
            catch (IOException)
            {
            }
            throw new SandboxUnavailableException("cgroup memory", $"cannot set up {directory}: {e.Message}", e);
        }
    }

    public IReadOnlyList<string> ExistingRuns() =>
        Directory.Exists(ParentDir) ? Directory.GetDirectories(ParentDir).Select(d => Path.GetFileName(d)!).ToArray() : [];

    public void RemoveRun(string name) => new RunCgroupV2(Path.Combine(ParentDir, name)).Remove();

    public IReadOnlyList<SandboxLayerStatus> Probe()
    {
        var probe = Path.Combine(ParentDir, $"probe-{Environment.ProcessId}");
        try
        {
            EnsureParent();
            Directory.CreateDirectory(probe);
            var peak = File.Exists(Path.Combine(probe, "memory.peak")) ? "peak from memory.peak" : "NO memory.peak (kernel < 5.19): peak unknown";
            return
            [
                new("cgroup memory", true, $"{ParentDir}: memory.max with swap off, {peak}, OOM kills from memory.events"),
                new("cgroup pids", true, "pids.max caps processes plus threads"),
                new("cgroup cpuacct", true, "CPU time from cpu.stat usage_usec"),
            ];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Controllers.Select(c => new SandboxLayerStatus(c == "cpu" ? "cgroup cpuacct" : $"cgroup {c}", false,
                $"cannot create a cgroup under {ParentDir}: {e.Message} (run as root, or delegate the subtree)")).ToArray();
        }
        finally
        {
            try
            {
                if (Directory.Exists(probe)) Directory.Delete(probe);
            }
            catch (IOException)
            {
            }
        }
    }
}
