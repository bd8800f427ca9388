using System.Globalization;

namespace LetsCode.Judge.Sandbox.Pod;

/// <summary>One process as /proc/&lt;pid&gt;/stat shows it: enough to walk the tree, account for it, and tell it apart
/// from a later process that reuses its pid (the start time).</summary>
internal readonly record struct ProcessEntry(int Pid, int ParentPid, long StartTicks, long CpuTicks, long ResidentPages, bool Zombie)
{
    public ProcessKey Key => new(Pid, StartTicks);
}

/// <summary>A pid that cannot be confused with its reuse.</summary>
internal readonly record struct ProcessKey(int Pid, long StartTicks);

/// <summary>
/// A snapshot of every process this process can see, read from /proc. Inside a pod that is a handful of entries, so
/// a full scan is cheap enough to repeat every few milliseconds; it is the only view that also finds a process whose
/// parent already exited (double fork).
/// </summary>
internal sealed class ProcessTable
{
    public const long TicksPerSecond = 100; // USER_HZ is 100 on every Linux ABI .NET supports

    private readonly Dictionary<int, ProcessEntry> byPid;
    private readonly ILookup<int, ProcessEntry> byParent;

    private ProcessTable(Dictionary<int, ProcessEntry> entries)
    {
        byPid = entries;
        byParent = entries.Values.ToLookup(e => e.ParentPid);
    }

    public static ProcessTable Read(string procRoot = "/proc")
    {
        var entries = new Dictionary<int, ProcessEntry>();
        foreach (var directory in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (TryReadStat(Path.Combine(directory, "stat"), pid) is { } entry) entries[pid] = entry;
        }
        return new ProcessTable(entries);
    }

    /// <summary>One process without scanning the rest (null when it is gone).</summary>
    public static ProcessEntry? ReadOne(int pid, string procRoot = "/proc") =>
        TryReadStat(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat"), pid);

    public ProcessEntry? Find(int pid) => byPid.TryGetValue(pid, out var entry) ? entry : null;

    /// <summary>Every process below <paramref name="pid"/> (children, their children...), not the process itself.</summary>
    public IReadOnlyList<ProcessEntry> DescendantsOf(int pid)
    {
        var found = new List<ProcessEntry>();
        var pending = new Stack<int>();
        pending.Push(pid);
        while (pending.Count > 0)
        {
            foreach (var child in byParent[pending.Pop()])
            {
                if (child.Pid == pid) continue;
                found.Add(child);
                pending.Push(child.Pid);
            }
        }
        return found;
    }

    /// <summary>The process and everything below it (empty when it is gone).</summary>
    public IReadOnlyList<ProcessEntry> TreeOf(int pid) =>
        byPid.TryGetValue(pid, out var root) ? [root, .. DescendantsOf(pid)] : [];

    internal static ProcessEntry? Parse(int pid, string stat)
    {
        // The command name is in parentheses and may itself contain ") ": fields start after the last one.
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 > stat.Length) return null;
        var fields = stat[(close + 2)..].Split(' ');
        if (fields.Length < 22) return null;
        long Field(int oneBased) => long.Parse(fields[oneBased - 3], CultureInfo.InvariantCulture);
        return new ProcessEntry(
            pid,
            ParentPid: (int)Field(4),
            StartTicks: Field(22),
            CpuTicks: Field(14) + Field(15),
            ResidentPages: Field(24),
            Zombie: fields[0] is "Z" or "X");
    }

    private static ProcessEntry? TryReadStat(string path, int pid)
    {
        try
        {
            return Parse(pid, File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null; // exited between listing and reading, or not ours to read
        }
    }
}
