using System.Text;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Support;

/// <summary>
/// The harmless probe every hostile test runs first, on the very sandbox its hostile program will run in: the
/// program must be pid 2 (the only child of the sandbox's own init) in a pid namespace holding nothing else, and not
/// root. If it is not, the hostile part of a test never runs.
/// </summary>
public static class IsolationProbe
{
    /// <summary>Runs the probe in <paramref name="box"/> (any directory the sandbox uid can read).</summary>
    /// <returns>Null when the run is isolated, else what is wrong.</returns>
    public static async Task<string?> FindFailureAsync(ISandbox sandbox, string box)
    {
        var result = await sandbox.RunAsync(new SandboxRequest
        {
            Command = ["/bin/sh", "-c", "echo $$ $(id -u) $(ls /proc | grep -c '^[0-9]')"],
            BoxDirectory = box,
            SeccompProfile = "native",
            Limits = new SandboxLimits { CpuTimeMs = 2000, WallTimeMs = 5000, MemoryBytes = 64L << 20, Processes = 8, StdoutBytes = 1024 },
        }, CancellationToken.None);
        if (result.SandboxError is not null) return "the probe did not run: " + result.SandboxError;

        var output = Encoding.UTF8.GetString(result.Stdout).Trim();
        var fields = output.Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (result.ExitCode != 0 || fields.Length != 3) return $"the probe failed (exit {result.ExitCode}, output '{output}')";
        if (fields[0] != "2") return $"not in a fresh pid namespace (the probe is pid {fields[0]})";
        if (fields[1] == "0") return "the program runs as root";
        var processes = int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        if (processes is < 2 or > 5) return $"the pid namespace shows {processes} processes, not just init, sh, ls and grep";
        return null;
    }

    /// <summary>Fails the test (before anything hostile runs) unless the probe proves isolation.</summary>
    public static async Task ProveAsync(ISandbox sandbox, string box)
    {
        if (await FindFailureAsync(sandbox, box) is { } failure) Assert.Fail("isolation probe failed, so nothing hostile was run: " + failure);
    }
}
