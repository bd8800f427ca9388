using LetsCode.Judge.Judging;
using LetsCode.Judge.Languages;
using LetsCode.Judge.Model;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Support;

/// <summary>
/// A judge on the real sandbox with its own work root and compile cache. Before any test program runs, a harmless
/// probe proves isolation (own pid namespace, non-root uid); if it fails, <see cref="EnsureIsolated"/> fails the
/// test instead of running anything resource-hungry on the host.
/// </summary>
public sealed class JudgeFixture : IDisposable
{
    private readonly TempDirectory _root = new("letscode-judge");
    private readonly Lazy<Task<string?>> _isolation;
    private readonly Lazy<IJudge> _judge;

    public JudgeFixture()
    {
        Detector = new LanguageDetector();
        Options = new JudgeOptions
        {
            WorkRoot = Path.Combine(_root.Path, "work"),
            CacheRoot = Path.Combine(_root.Path, "cache"),
            CacheCapBytes = 256L * 1024 * 1024,
        };
        Sandbox = new Lazy<ISandbox>(() => SandboxAvailability.Sandbox);
        _judge = new Lazy<IJudge>(() => JudgeFactory.Create(Options, Sandbox.Value, Detector));
        _isolation = new Lazy<Task<string?>>(ProbeIsolationAsync);
    }

    public JudgeOptions Options { get; }
    public LanguageDetector Detector { get; }
    public Lazy<ISandbox> Sandbox { get; }
    public IJudge Judge => _judge.Value;

    public async Task EnsureIsolated()
    {
        if (await _isolation.Value is { } failure) Assert.Fail("isolation probe failed, so nothing hostile was run: " + failure);
    }

    public async Task<JudgeResult> JudgeAsync(JudgeJob job, IJudgeObserver? observer = null)
    {
        await EnsureIsolated();
        Assert.Empty(Judge.Validate(job));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await Judge.JudgeAsync(job, observer, timeout.Token);
    }

    private async Task<string?> ProbeIsolationAsync()
    {
        var box = Path.Combine(_root.Path, "probe");
        Directory.CreateDirectory(box);
        var result = await Sandbox.Value.RunAsync(new SandboxRequest
        {
            Command = ["/usr/bin/bash", "-c", "echo $$ $UID"],
            BoxDirectory = box,
            SeccompProfile = "bash",
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
            Limits = new SandboxLimits { CpuTimeMs = 2000, WallTimeMs = 5000, MemoryBytes = 64L << 20, Processes = 4, StdoutBytes = 1024 },
        }, CancellationToken.None);
        var fields = System.Text.Encoding.UTF8.GetString(result.Stdout).Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (result.ExitCode != 0 || fields.Length != 2) return $"probe did not run (exit {result.ExitCode}, error {result.SandboxError}, output '{string.Join(' ', fields)}')";
        if (int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture) > 10) return $"not in a fresh pid namespace (pid {fields[0]})";
        if (fields[1] == "0") return "the program runs as root";
        return null;
    }

    public void Dispose() => _root.Dispose();
}
