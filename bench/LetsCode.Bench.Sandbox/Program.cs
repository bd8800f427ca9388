// Sandbox overhead per run: a bare Process.Start of a trivial program vs the same program in the hardened sandbox
// (bwrap + seccomp + fresh cgroup with memory/pids limits + rlimits). Prints median and p95 in milliseconds.
// Usage: dotnet run -c Release --project bench/LetsCode.Bench.Sandbox -- [runs]
using System.Diagnostics;
using System.Globalization;
using LetsCode.Judge.Sandbox;

if (!OperatingSystem.IsLinux()) return 1;
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var gapMs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
var root = Directory.CreateTempSubdirectory("letscode-bench-").FullName;
File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
try
{
    var tiny = Path.Combine(root, "tiny");
    Compile("int main(void){return 0;}", tiny);
    File.SetUnixFileMode(tiny, (UnixFileMode)0b111_101_101);
    var limits = new SandboxLimits { CpuTimeMs = 1000, WallTimeMs = 3000, MemoryBytes = 64L << 20, Processes = 1, StdoutBytes = 1024 };

    Console.WriteLine($"runs per case: {runs}; {Environment.ProcessorCount} cores; times in ms (median / p95)");
    foreach (var (name, program) in new[] { ("/bin/true", "/bin/true"), ("tiny C", "/box/tiny") })
    {
        var hostPath = program == "/box/tiny" ? tiny : program;
        var bare = Measure(runs, () => { Bare(hostPath); return Task.CompletedTask; }, gap: false);
        Report($"{name}: bare Process.Start", bare, null);
        // For scale: the naive design, a bwrap started per run (no cgroup, no seccomp, no uid change).
        string[] bwrap = ["--unshare-all", "--die-with-parent", "--new-session", "--as-pid-1", "--cap-drop", "ALL",
            "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
            "--ro-bind", root, "/box", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--clearenv", "--", program];
        Report($"{name}: bwrap per run (naive, fewer layers)", Measure(runs, () => { Bare("/usr/bin/bwrap", bwrap); return Task.CompletedTask; }, gap: false), bare);

        using (var prewarmed = (IDisposable)SandboxFactory.Create(new SandboxOptions { WorkRoot = Path.Combine(root, "work") }))
        {
            var sandbox = (ISandbox)prewarmed;
            var request = new SandboxRequest { Command = [program], BoxDirectory = root, SeccompProfile = "native", Limits = limits };
            await Check(sandbox, request);
            // A judge runs a job's tests one after another and each takes a while; the gap (not timed) lets the next
            // sandbox finish preparing, as it does between real tests.
            Report($"{name}: sandbox, prepared (per-test latency)", Measure(runs, () => sandbox.RunAsync(request, default), gap: true), bare);
            Report($"{name}: sandbox, back to back (throughput)", Measure(runs, () => sandbox.RunAsync(request, default), gap: false), bare);
        }
        using (var cold = (IDisposable)SandboxFactory.Create(new SandboxOptions { WorkRoot = Path.Combine(root, "work"), Prewarm = false }))
        {
            var sandbox = (ISandbox)cold;
            var request = new SandboxRequest { Command = [program], BoxDirectory = root, SeccompProfile = "native", Limits = limits };
            Report($"{name}: sandbox, cold (full setup)", Measure(Math.Min(runs, 100), () => sandbox.RunAsync(request, default), gap: false), bare);
        }
    }
}
finally
{
    Directory.Delete(root, recursive: true);
}
return 0;

double[] Measure(int runs, Func<Task> run, bool gap)
{
    for (var i = 0; i < 10; i++) run().GetAwaiter().GetResult(); // warm-up (JIT, page cache)
    var samples = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        if (gap) Thread.Sleep(gapMs);
        var stopwatch = Stopwatch.StartNew();
        run().GetAwaiter().GetResult();
        samples[i] = stopwatch.Elapsed.TotalMilliseconds;
    }
    Array.Sort(samples);
    return samples;
}

static void Report(string name, double[] sorted, double[]? bare)
{
    var median = sorted[sorted.Length / 2];
    var p95 = sorted[(int)(sorted.Length * 0.95)];
    var overhead = bare is null ? "" : string.Create(CultureInfo.InvariantCulture,
        $"   overhead {median - bare[bare.Length / 2]:F2} / {p95 - bare[(int)(bare.Length * 0.95)]:F2}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-48} {median,7:F2} / {p95,7:F2}{overhead}"));
}

static void Bare(string program, params string[] arguments)
{
    using var process = Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true })!;
    process.StandardInput.Close();
    process.StandardOutput.ReadToEnd();
    process.WaitForExit();
}

static async Task Check(ISandbox sandbox, SandboxRequest request)
{
    var result = await sandbox.RunAsync(request, default);
    if (result.SandboxError is not null || result.ExitCode != 0)
        throw new InvalidOperationException($"sandboxed {request.Command[0]} failed: {result.SandboxError} exit {result.ExitCode}");
}

static void Compile(string source, string output)
{
    var c = output + ".c";
    File.WriteAllText(c, source);
    using var gcc = Process.Start("/usr/bin/gcc", ["-O2", "-o", output, c]);
    gcc.WaitForExit();
    if (gcc.ExitCode != 0) throw new InvalidOperationException("gcc failed");
}
