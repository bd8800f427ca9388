using System.Text.Json;
using LetsCode.Judge.Languages;

namespace LetsCode.Runner.Commands;

/// <summary>`letscode-runner languages`: the languages whose toolchains are installed here, with versions.</summary>
internal static class LanguagesCommand
{
    public static async Task<int> RunAsync(Stream stdout, CancellationToken cancellationToken)
    {
        var languages = new LanguageDetector().DetectAvailable();
        await JsonSerializer.SerializeAsync(stdout, languages, new RunnerOutput().Runner.IReadOnlyListLanguageInfo, cancellationToken).ConfigureAwait(false);
        await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
