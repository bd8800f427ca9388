using LetsCode.Judge.Judging;
using LetsCode.Judge.Languages;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Support;

/// <summary>
/// Whether the real (bubblewrap) sandbox can be set up on this machine, and which languages are installed; read
/// once per test run. Tests that run programs use the real sandbox or are skipped with the reason, never run
/// unsandboxed.
/// </summary>
internal static class SandboxAvailability
{
    private static readonly string WorkRoot = Path.Combine(Path.GetTempPath(), "letscode-tests-" + Guid.NewGuid().ToString("N"));

    // One sandbox per test process, as in production (SandboxOptions: "one instance per process, shared by all
    // workers"): its run cgroups are named after the process, so two instances in one process would collide.
    private static readonly Lazy<(ISandbox? Sandbox, string? Reason)> Shared = new(Create);
    private static readonly Lazy<string?> Unavailable = new(() => Shared.Value.Reason);
    private static readonly Lazy<IReadOnlyList<LanguageInfo>> Languages = new(() => new LanguageDetector().DetectAvailable());

    /// <summary>Where the shared sandbox puts its run cgroups (see <see cref="SandboxLeftovers"/>).</summary>
    public const string CgroupParent = "letscode-judge-tests";

    public static string? SkipReason => Unavailable.Value;

    public static bool HasLanguage(string name) => Languages.Value.Any(l => l.Name == name);

    /// <summary>The process-wide real sandbox; only call when <see cref="SkipReason"/> is null.</summary>
    public static ISandbox Sandbox => Shared.Value.Sandbox ?? throw new InvalidOperationException(Shared.Value.Reason);

    private static void DeleteWorkRoot()
    {
        try
        {
            if (Directory.Exists(WorkRoot)) Directory.Delete(WorkRoot, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort at exit.
        }
    }

    private static (ISandbox?, string?) Create()
    {
        try
        {
            // Our own cgroup parent: other sandbox instances in this process (the sandbox's own tests) name their run
            // cgroups after the same process, so sharing a parent with them could mix up runs.
            var options = JudgeFactory.SandboxOptionsFor(new JudgeOptions { WorkRoot = WorkRoot }) with { CgroupParent = CgroupParent };
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteWorkRoot();
            return (SandboxFactory.Create(options), null);
        }
        catch (SandboxUnavailableException e)
        {
            return (null, "the real sandbox is unavailable here, so no program is run: " + e.Message);
        }
    }
}

/// <summary>A fact that needs the real sandbox (and, if named, a language's toolchain); skipped with the reason otherwise.</summary>
public sealed class SandboxFactAttribute : FactAttribute
{
    private string? _skip;

    public string? Language { get; set; }

    public override string Skip
    {
        get => _skip ?? SandboxAvailability.SkipReason ??
            (Language is not null && !SandboxAvailability.HasLanguage(Language) ? $"the {Language} toolchain is not installed here" : null)!;
        set => _skip = value;
    }
}
