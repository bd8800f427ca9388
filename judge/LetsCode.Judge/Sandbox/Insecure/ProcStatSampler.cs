using System.Globalization;

namespace LetsCode.Judge.Sandbox.Insecure;

/// <summary>
/// Best-effort CPU time and peak RSS of one process, read from /proc while it runs (the unsandboxed runner has no
/// cgroup to ask). Misses the last few milliseconds and any children: good enough for development only.
/// </summary>
internal sealed class ProcStatSampler(int pid)
{
    private static readonly long TicksPerSecond = 100; // USER_HZ is 100 on every Linux ABI .NET supports

    public long CpuTimeMs { get; private set; }
    public long PeakResidentBytes { get; private set; }

    public void Sample()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            CpuTimeMs = Math.Max(CpuTimeMs, ticks * 1000 / TicksPerSecond);
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kib = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                PeakResidentBytes = Math.Max(PeakResidentBytes, kib * 1024);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // The process is gone (or is a zombie): keep the last sample.
        }
    }
}
