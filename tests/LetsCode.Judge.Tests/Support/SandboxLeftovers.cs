namespace LetsCode.Judge.Tests.Support;

/// <summary>Processes a finished run left behind on the host, found through the cgroups runs are placed in.</summary>
public static class SandboxLeftovers
{
    /// <summary>
    /// Host processes still running in this test process's run cgroups under <paramref name="cgroupParent"/>, other
    /// than prepared (idle) sandboxes. Waits briefly: a finished run's cgroup is torn down in the background. Only
    /// meaningful while no other test runs programs in the same sandbox.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindAsync(string cgroupParent)
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var owner = $"{Environment.ProcessId}.{stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19]}-";
        IReadOnlyList<string> left = [];
        for (var attempt = 0; attempt < 40; attempt++)
        {
            left = Directory.GetDirectories("/proc")
                .Where(d => int.TryParse(Path.GetFileName(d), out _))
                .Select(d =>
                {
                    try
                    {
                        var cgroup = File.ReadAllText(Path.Combine(d, "cgroup"));
                        if (!cgroup.Contains($"/{cgroupParent}/{owner}", StringComparison.Ordinal)) return null;
                        var cmdline = File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
                        return cmdline.Contains("printf R", StringComparison.Ordinal) ? null : $"{Path.GetFileName(d)}: {cmdline}";
                    }
                    catch (IOException)
                    {
                        return null;
                    }
                })
                .OfType<string>()
                .ToArray();
            if (left.Count == 0) return left;
            await Task.Delay(50);
        }
        return left;
    }
}
