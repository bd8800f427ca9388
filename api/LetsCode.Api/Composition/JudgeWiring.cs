using LetsCode.Api.Configuration;
using LetsCode.Api.Contracts;
using LetsCode.Api.Languages;
using LetsCode.Judge.FunctionStyle;
using LetsCode.Judge.Judging;
using LetsCode.Judge.Model;

namespace LetsCode.Api.Composition;

/// <summary>
/// THE single place where the embedded service meets the judge library: which IJudge runs submissions and which
/// languages it offers. Tests replace these registrations; nothing else constructs a judge.
/// </summary>
public static class JudgeWiring
{
    // TODO(judge merge): replace with JudgeFactory.Create(new JudgeOptions { ... }) and LanguageDetector.DetectAvailable().
    public static IJudge CreateJudge(LetsCodeOptions options) => new JudgeNotWired();

    public static ILanguageCatalog CreateLanguageCatalog(LetsCodeOptions options) => new FixedLanguageCatalog([]);

    internal static LanguageDocument Describe(string name, string version, bool compiled) =>
        new(name, version, compiled, FunctionDriverGenerator.Supports(name));

    private sealed class JudgeNotWired : IJudge
    {
        public Task<JudgeResult> JudgeAsync(JudgeJob job, IJudgeObserver? observer, CancellationToken cancellationToken) =>
            Task.FromResult(new JudgeResult { Verdict = Verdict.InternalError, Error = "the judge library is not wired in yet" });
    }
}
