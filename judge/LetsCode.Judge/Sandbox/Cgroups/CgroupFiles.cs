using System.Globalization;
using LetsCode.Judge.Sandbox.Execution;

namespace LetsCode.Judge.Sandbox.Cgroups;

/// <summary>Small helpers for cgroupfs files (single-value reads and writes, killing and removing a directory).</summary>
internal static class CgroupFiles
{
    public static void Write(string path, string value) => File.WriteAllText(path, value);

    public static long ReadLong(string path)
    {
        var text = File.ReadAllText(path).Trim();
        return text == "max" ? long.MaxValue : long.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>Value of "key N" in a flat keyed file (memory.events, memory.oom_control, cpu.stat).</summary>
    public static long ReadKey(string path, string key)
    {
        foreach (var line in File.ReadLines(path))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && line.AsSpan(0, space).SequenceEqual(key))
                return long.Parse(line.AsSpan(space + 1), CultureInfo.InvariantCulture);
        }
        return 0;
    }

    public static IReadOnlyList<int> Pids(string procsFile)
    {
        try
        {
            return File.ReadAllLines(procsFile).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>SIGKILL what is listed now, once.</summary>
    public static void SignalAll(string procsFile)
    {
        foreach (var pid in Pids(procsFile)) Libc.Kill(pid, Libc.SigKill);
    }

    /// <summary>SIGKILL what is listed, a few rounds in case something forked between reading and killing.</summary>
    public static void KillAll(string procsFile)
    {
        for (var round = 0; round < 50; round++)
        {
            var pids = Pids(procsFile);
            if (pids.Count == 0) return;
            foreach (var pid in pids) Libc.Kill(pid, Libc.SigKill);
            if (round > 0) Thread.Sleep(1);
        }
    }

    /// <summary>rmdir with retries: a killed task stays charged until the kernel has reaped it.</summary>
    public static void RemoveDirectory(string directory, string procsFile)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (!Directory.Exists(directory)) return;
            KillAll(procsFile);
            try
            {
                Directory.Delete(directory); // cgroupfs directories hold only virtual files: a plain rmdir
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(attempt < 20 ? 1 : 10);
            }
        }
        throw new IOException($"cgroup {directory} could not be removed (tasks still running)");
    }
}
