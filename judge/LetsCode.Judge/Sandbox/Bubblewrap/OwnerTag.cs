using System.Globalization;

namespace LetsCode.Judge.Sandbox.Bubblewrap;

/// <summary>
/// Run cgroups are named "&lt;pid&gt;.&lt;start time&gt;-&lt;instance&gt;x&lt;n&gt;" after the judge process that owns them, so several judges
/// can share a machine and a restarted judge can tell a crashed one's leftovers (owner gone) from a live one's runs.
/// The start time (clock ticks since boot) guards against a recycled pid.
/// </summary>
internal static class OwnerTag
{
    public static string Current() => $"{Environment.ProcessId}.{StartTime(Environment.ProcessId)}";

    public static bool IsAlive(string runName)
    {
        var dash = runName.LastIndexOf('-');
        var tag = dash > 0 ? runName[..dash] : runName;
        var dot = tag.IndexOf('.', StringComparison.Ordinal);
        if (tag.StartsWith("probe", StringComparison.Ordinal)) return false;
        if (dot <= 0 || !int.TryParse(tag.AsSpan(0, dot), CultureInfo.InvariantCulture, out var pid)) return false;
        return StartTime(pid) is { } start && start == tag[(dot + 1)..];
    }

    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Field 22 (starttime); fields 3.. follow the parenthesised command name, which may contain spaces.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        }
        catch (Exception e) when (e is IOException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
