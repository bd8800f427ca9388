using LetsCode.Judge.Languages;
using LetsCode.Judge.Sandbox;
using LetsCode.Judge.Sandbox.Pod;

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
        return Create(options, CreateSandbox(options), detector);
    }

    /// <summary>
    /// The sandbox these options ask for: <see cref="PodSandbox"/> for <see cref="SandboxChoice.Pod"/> (unless
    /// InsecureNoSandbox, which always wins and warns), otherwise <see cref="SandboxFactory"/>'s hardened one.
    /// </summary>
    /// <exception cref="SandboxUnavailableException">A layer the chosen sandbox relies on is missing here.</exception>
    public static ISandbox CreateSandbox(JudgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sandboxOptions = SandboxOptionsFor(options);
        if (options.Sandbox != SandboxChoice.Pod || options.InsecureNoSandbox) return SandboxFactory.Create(sandboxOptions);
        Directory.CreateDirectory(sandboxOptions.WorkRoot);
        return new PodSandbox(sandboxOptions);
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
