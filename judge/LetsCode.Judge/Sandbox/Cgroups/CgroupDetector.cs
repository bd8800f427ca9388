namespace LetsCode.Judge.Sandbox.Cgroups;

/// <summary>Picks the cgroup driver for this machine once, at start: unified v2 if it offers our controllers, else v1.</summary>
internal static class CgroupDetector
{
    /// <exception cref="SandboxUnavailableException">Neither hierarchy is usable.</exception>
    public static ICgroupDriver Detect(string root, string parent)
    {
        if (CgroupV2Driver.Offers(root)) return new CgroupV2Driver(root, parent);
        if (File.Exists(Path.Combine(root, "memory", "cgroup.procs"))) return new CgroupV1Driver(root, parent);
        throw new SandboxUnavailableException("cgroup memory",
            $"no cgroup v2 hierarchy with memory, pids and cpu at {root}, and no cgroup v1 memory hierarchy at {root}/memory");
    }
}
