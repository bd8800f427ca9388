using LetsCode.Judge.Languages;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Judging;

/// <summary>The one way to build a judge: the hardened sandbox (fail closed) unless InsecureNoSandbox is set.</summary>
public static class JudgeFactory
{
    /// <exception cref="SandboxUnavailableException">A sandbox layer cannot be set up here (message names it).</exception>
    public static IJudge Create(JudgeOptions options) => Create(options, new LanguageDetector());

    /// <inheritdoc cref="Create(JudgeOptions)"/>
    public static IJudge Create(JudgeOptions options, LanguageDetector detector)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sandbox = SandboxFactory.Create(SandboxOptionsFor(options));
        return Create(options, sandbox, detector);
    }

    /// <summary>A judge on a given sandbox (tests, or a host that shares one sandbox between judges).</summary>
    public static IJudge Create(JudgeOptions options, ISandbox sandbox, LanguageDetector detector)
    {
        ArgumentNullException.ThrowIfNull(options);
        JobWorkspace.RemoveLeftovers(options.WorkRoot);
        return new JobJudge(sandbox, detector, new CompileCache(options.CacheRoot, options.CacheCapBytes), options);
    }

    /// <summary>The sandbox settings a judge with these options uses (its scratch lives under the work root).</summary>
    public static SandboxOptions SandboxOptionsFor(JudgeOptions options) => new()
    {
        WorkRoot = Path.Combine(options.WorkRoot, "sandbox"),
        InsecureNoSandbox = options.InsecureNoSandbox,
        SeccompDirectory = options.SeccompDirectory,
    };
}
