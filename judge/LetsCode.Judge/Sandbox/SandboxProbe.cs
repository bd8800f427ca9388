using System.Diagnostics;
using System.Globalization;
using System.Text;
using LetsCode.Judge.Sandbox.Cgroups;
using LetsCode.Judge.Sandbox.Seccomp;

namespace LetsCode.Judge.Sandbox;

/// <summary>
/// Checks each isolation layer on this machine. <see cref="Preflight"/> is the cheap part run by
/// <see cref="SandboxFactory.Create"/> (fail closed before any job); <see cref="Run"/> adds a real sandboxed self-test
/// for `letscode-runner doctor`.
/// </summary>
internal sealed class SandboxProbe(SandboxOptions options, ICgroupDriver cgroups, SeccompProfileSource profiles, SeccompFilterCache filters)
{
    public IReadOnlyList<SandboxLayerStatus> Preflight()
    {
        var layers = new List<SandboxLayerStatus>
        {
            Bubblewrap(),
            Executable("setpriv", options.SetprivPath, "drops the launcher from root to the sandbox uid before bwrap"),
            UserNamespaces(),
            Seccomp(),
        };
        layers.AddRange(cgroups.Probe());
        layers.Add(new("rlimits", true, "CPU (hard = soft), FSIZE, STACK, NOFILE and CORE = 0, set by the launcher before exec"));
        return layers;
    }

    public IReadOnlyList<SandboxLayerStatus> Run(ISandbox sandbox)
    {
        var layers = Preflight().ToList();
        if (layers.All(l => l.Active)) layers.Add(SelfTest(sandbox));
        return layers;
    }

    private SandboxLayerStatus Bubblewrap()
    {
        if (!File.Exists(options.BubblewrapPath))
            return new("bubblewrap", false, $"{options.BubblewrapPath} not found (install the bubblewrap package)");
        try
        {
            var start = new ProcessStartInfo(options.BubblewrapPath, "--version") { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(start)!;
            var version = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0
                ? new("bubblewrap", true, $"{version} at {options.BubblewrapPath}: all namespaces unshared, no network, uid {options.Uid}")
                : new("bubblewrap", false, $"{options.BubblewrapPath} --version failed");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new("bubblewrap", false, $"{options.BubblewrapPath} cannot run: {e.Message}");
        }
    }

    private static SandboxLayerStatus Executable(string layer, string path, string role) =>
        File.Exists(path) ? new(layer, true, $"{path} {role}") : new(layer, false, $"{path} not found (it {role})");

    private static SandboxLayerStatus UserNamespaces()
    {
        string? Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        if (Read("/proc/sys/user/max_user_namespaces") is "0")
            return new("user namespace", false, "user.max_user_namespaces is 0: bwrap cannot create a user namespace as an unprivileged uid");
        if (Read("/proc/sys/kernel/unprivileged_userns_clone") is "0")
            return new("user namespace", false, "kernel.unprivileged_userns_clone is 0 (set it to 1)");
        if (Read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") is "1")
            return new("user namespace", false, "kernel.apparmor_restrict_unprivileged_userns is 1 (allow bwrap in AppArmor, or set it to 0)");
        return new("user namespace", true, "unprivileged user namespaces are allowed; nested ones are disabled inside (--disable-userns)");
    }

    private SandboxLayerStatus Seccomp()
    {
        var names = profiles.Names();
        if (names.Count == 0) return new("seccomp", false, "no seccomp profiles found");
        try
        {
            foreach (var name in names) filters.PathFor(name);
            var origin = options.SeccompDirectory ?? "embedded";
            return new("seccomp", true, $"libseccomp compiled profiles {string.Join(", ", names)} ({origin})");
        }
        catch (SandboxUnavailableException e)
        {
            return new("seccomp", false, e.Message);
        }
    }

    /// <summary>A real sandboxed run that must see a fresh pid namespace, the sandbox uid, and no network interface.</summary>
    private SandboxLayerStatus SelfTest(ISandbox sandbox)
    {
        if (!OperatingSystem.IsLinux()) return new("self-test", false, "the sandbox runs on Linux only");
        var box = Directory.CreateTempSubdirectory("letscode-selftest-");
        try
        {
            box.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
            var request = new SandboxRequest
            {
                Command = [options.ShellPath, "-c", "echo $$ $(id -u) $(ls /sys/class/net 2>/dev/null | wc -l)"],
                BoxDirectory = box.FullName,
                SeccompProfile = "native",
                Limits = new SandboxLimits { CpuTimeMs = 2000, WallTimeMs = 5000, MemoryBytes = 64L << 20, Processes = 8, StdoutBytes = 4096 },
            };
            var result = sandbox.RunAsync(request, CancellationToken.None).GetAwaiter().GetResult();
            var output = Encoding.UTF8.GetString(result.Stdout).Trim();
            // pid 2: the program is the only child of the sandbox's own init, in a fresh pid namespace.
            var expected = $"2 {options.Uid.ToString(CultureInfo.InvariantCulture)} 0";
            return result.SandboxError is null && output == expected
                ? new("self-test", true, $"sandboxed probe ran as pid 2 under the sandbox's init, uid {options.Uid}, no network ({result.WallTimeMs} ms)")
                : new("self-test", false, $"sandboxed probe printed '{output}', expected '{expected}'; {result.SandboxError ?? Encoding.UTF8.GetString(result.Stderr)}");
        }
        catch (Exception e) when (e is SandboxUnavailableException or ArgumentException or IOException)
        {
            return new("self-test", false, e.Message);
        }
        finally
        {
            box.Delete(recursive: true);
        }
    }
}
