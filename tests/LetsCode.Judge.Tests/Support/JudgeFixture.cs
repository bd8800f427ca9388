using LetsCode.Judge.Judging;
using LetsCode.Judge.Languages;
using LetsCode.Judge.Model;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Support;

/// <summary>
/// A judge on the real sandbox with its own work root and compile cache. Before any test program runs, a harmless
/// probe (<see cref="IsolationProbe"/>) proves isolation (own pid namespace, non-root uid); if it fails,
/// <see cref="EnsureIsolated"/> fails the test instead of running anything resource-hungry on the host. Hostile tests
/// run the probe afresh with <see cref="ProveIsolationAsync"/>.
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

    /// <summary>Runs the isolation probe now, on the sandbox the judge uses; fails the test if it does not pass.</summary>
    public Task ProveIsolationAsync() => IsolationProbe.ProveAsync(Sandbox.Value, ProbeBox());

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

    private Task<string?> ProbeIsolationAsync() => IsolationProbe.FindFailureAsync(Sandbox.Value, ProbeBox());

    private string ProbeBox() => _root.Sub("probe");

    public void Dispose() => _root.Dispose();
}
