using System.Globalization;

namespace LetsCode.Judge.Sandbox.Cgroups;

/// <summary>
/// cgroup v1: one directory per run under the memory, pids and cpuacct hierarchies
/// (/sys/fs/cgroup/&lt;controller&gt;/&lt;parent&gt;/&lt;run&gt;). Swap is off via memsw when the kernel accounts it.
/// </summary>
internal sealed class CgroupV1Driver(string root, string parent) : ICgroupDriver
{
    private static readonly string[] Controllers = ["memory", "pids", "cpuacct"];

    public string Description => $"cgroup v1 ({string.Join(", ", Controllers)}) under {root}/*/{parent}";

    private string Dir(string controller, string? run = null) =>
        run is null ? Path.Combine(root, controller, parent) : Path.Combine(root, controller, parent, run);

    public IRunCgroup Create(string name, CgroupLimits limits)
    {
        var created = new List<string>();
        try
        {
            foreach (var controller in Controllers)
            {
                var directory = Dir(controller, name);
                try
                {
                    Directory.CreateDirectory(directory);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new SandboxUnavailableException($"cgroup {controller}", $"cannot create {directory}: {e.Message}", e);
                }
                created.Add(controller);
            }
            var memory = Dir("memory", name);
            Set("cgroup memory", Path.Combine(memory, "memory.limit_in_bytes"), limits.MemoryBytes);
            var memsw = Path.Combine(memory, "memory.memsw.limit_in_bytes");
            if (File.Exists(memsw)) Set("cgroup memory", memsw, limits.MemoryBytes); // memory + swap = memory: no swap
            var swappiness = Path.Combine(memory, "memory.swappiness");
            if (File.Exists(swappiness)) Set("cgroup memory", swappiness, 0);
            Set("cgroup pids", Path.Combine(Dir("pids", name), "pids.max"), limits.Tasks);
            return new RunCgroupV1(Dir("memory", name), Dir("pids", name), Dir("cpuacct", name));
        }
        catch
        {
            foreach (var controller in created) TryRemove(Dir(controller, name));
            throw;
        }
    }

    private static void Set(string layer, string file, long value)
    {
        try
        {
            CgroupFiles.Write(file, value.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SandboxUnavailableException(layer, $"cannot write {file}: {e.Message}", e);
        }
    }

    private static void TryRemove(string directory)
    {
        try
        {
            CgroupFiles.RemoveDirectory(directory, Path.Combine(directory, "cgroup.procs"));
        }
        catch (IOException)
        {
        }
    }

    public IReadOnlyList<string> ExistingRuns() =>
        Controllers.SelectMany(c => Directory.Exists(Dir(c)) ? Directory.GetDirectories(Dir(c)) : [])
            .Select(d => Path.GetFileName(d)!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    public void RemoveRun(string name)
    {
        // pids first: it holds every task, so killing there leaves nothing behind in the other hierarchies.
        foreach (var controller in new[] { "pids", "memory", "cpuacct" })
        {
            var directory = Dir(controller, name);
            if (Directory.Exists(directory)) CgroupFiles.RemoveDirectory(directory, Path.Combine(directory, "cgroup.procs"));
        }
    }

    public IReadOnlyList<SandboxLayerStatus> Probe()
    {
        var result = new List<SandboxLayerStatus>();
        foreach (var controller in Controllers)
        {
            var layer = $"cgroup {controller}";
            var mount = Path.Combine(root, controller);
            if (!File.Exists(Path.Combine(mount, "cgroup.procs")))
            {
                result.Add(new(layer, false, $"{mount} is not a mounted cgroup v1 hierarchy"));
                continue;
            }
            var probe = Dir(controller, $"probe-{Environment.ProcessId}");
            try
            {
                Directory.CreateDirectory(probe);
                var detail = controller switch
                {
                    "memory" => File.Exists(Path.Combine(probe, "memory.memsw.limit_in_bytes"))
                        ? "limit with swap off (memsw), peak from max_usage_in_bytes, OOM kills from oom_control"
                        : "limit (no memsw: swap accounting is off, so disable swap on this host), peak from max_usage_in_bytes",
                    "pids" => "pids.max caps processes plus threads",
                    _ => "CPU time from cpuacct.usage",
                };
                result.Add(new(layer, true, $"{Dir(controller)}: {detail}"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                result.Add(new(layer, false, $"cannot create a cgroup under {Dir(controller)}: {e.Message} (run as root)"));
            }
            finally
            {
                TryRemove(probe);
            }
        }
        return result;
    }
}
