using System.Globalization;

namespace LetsCode.Testing.Processes;

/// <summary>
/// A process id together with its start time (clock ticks since boot, field 22 of <c>/proc/PID/stat</c>), so a pid
/// that the kernel has since reused for an unrelated process is not mistaken for the original one.
/// </summary>
public readonly record struct ProcessIdentity(int Pid, long StartTicks)
{
    public static ProcessIdentity Current => Of(Environment.ProcessId)
        ?? throw new InvalidOperationException("/proc is not readable; these fixtures need Linux.");

    /// <summary>The identity of a running process, or null when there is no such process.</summary>
    public static ProcessIdentity? Of(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may itself contain spaces or parentheses.
        var afterName = stat.LastIndexOf(')');
        if (afterName < 0)
        {
            return null;
        }

        var fields = stat[(afterName + 2)..].Split(' ');
        const int startTimeIndex = 22 - 3; // fields after the name start at field 3 (state)
        return fields.Length > startTimeIndex && long.TryParse(fields[startTimeIndex], CultureInfo.InvariantCulture, out var ticks)
            ? new ProcessIdentity(pid, ticks)
            : null;
    }

    public bool IsAlive => Of(Pid) == this;

    public override string ToString() => $"{Pid.ToString(CultureInfo.InvariantCulture)} {StartTicks.ToString(CultureInfo.InvariantCulture)}";

    public static ProcessIdentity? Parse(string text)
    {
        var parts = text.Trim().Split(' ');
        return parts.Length == 2
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var ticks)
                ? new ProcessIdentity(pid, ticks)
                : null;
    }
}
