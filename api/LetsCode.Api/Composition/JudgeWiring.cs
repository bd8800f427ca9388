using LetsCode.Api.Configuration;
using LetsCode.Api.Contracts;
using LetsCode.Api.Languages;
using LetsCode.Judge.FunctionStyle;
using LetsCode.Judge.Judging;
using LetsCode.Judge.Languages;

namespace LetsCode.Api.Composition;

/// <summary>
/// THE single place where the embedded service meets the judge library: which IJudge runs submissions and which
/// languages it offers. Tests replace these registrations; nothing else constructs a judge.
/// </summary>
public static class JudgeWiring
{
    /// <summary>One detector per service: each toolchain is probed once and shared by the judge and /api/languages.</summary>
    public static LanguageDetector CreateDetector() => new();

    /// <exception cref="Judge.Sandbox.SandboxUnavailableException">
    /// A sandbox layer is missing: the service refuses to start (fail closed) unless InsecureNoSandbox is set.
    /// </exception>
    public static IJudge CreateJudge(LetsCodeOptions options, LanguageDetector detector)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = new JudgeOptions();
        return JudgeFactory.Create(new JudgeOptions
        {
            // The sandbox's unprivileged uid must traverse the work root, so it defaults to the judge's own choice
            // (under /tmp) rather than ./data, which may sit under a private home directory.
            WorkRoot = options.JudgeWorkRoot ?? defaults.WorkRoot,
            CacheRoot = options.JudgeCacheRoot ?? defaults.CacheRoot,
            InsecureNoSandbox = options.InsecureNoSandbox,
        }, detector);
    }

    public static ILanguageCatalog CreateLanguageCatalog(LanguageDetector detector) => new DetectedLanguageCatalog(detector);

    public static LanguageDocument Describe(string name, string version, bool compiled) =>
        new(name, version, compiled, FunctionDriverGenerator.Supports(name));

    /// <summary>The judge library's detection of installed toolchains.</summary>
    private sealed class DetectedLanguageCatalog(LanguageDetector detector) : ILanguageCatalog
    {
        private readonly Lazy<IReadOnlyList<LanguageDocument>> available = new(
            () => detector.DetectAvailable().Select(l => Describe(l.Name, l.Version, l.Compiled)).ToList());

        public IReadOnlyList<LanguageDocument> Available => available.Value;

        public bool IsAvailable(string language) => detector.IsAvailable(language);
    }
}
