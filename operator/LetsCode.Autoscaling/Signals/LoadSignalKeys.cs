using System.Globalization;
using System.Text.RegularExpressions;

namespace LetsCode.Autoscaling.Signals;

/// <summary>
/// The Redis key contract between cluster mode (the producer) and the autoscaler (docs/autoscaling.md):
/// <list type="bullet">
/// <item><c>{prefix}:arrivals:{language}:{unix minute}</c>: an integer, INCR per accepted submission, with an EXPIRE
/// longer than the history the scaler reads;</item>
/// <item><c>{prefix}:queue:{language}</c>: the stream, consumer group <c>dispatchers</c>;</item>
/// <item><c>{prefix}:stats:{language}</c>: a hash with integer fields <c>judgeMsSum</c> and <c>judgeCount</c>.</item>
/// </list>
/// </summary>
public sealed partial class LoadSignalKeys
{
    public const string DefaultPrefix = "letscode";
    public const string DefaultConsumerGroup = "dispatchers";
    public const string JudgeMsSumField = "judgeMsSum";
    public const string JudgeCountField = "judgeCount";

    public LoadSignalKeys(string prefix = DefaultPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Prefix = prefix;
    }

    public string Prefix { get; }

    public string Arrivals(string language, long unixMinute) =>
        $"{Prefix}:arrivals:{Checked(language)}:{unixMinute.ToString(CultureInfo.InvariantCulture)}";

    public string Queue(string language) => $"{Prefix}:queue:{Checked(language)}";

    public string Stats(string language) => $"{Prefix}:stats:{Checked(language)}";

    /// <summary>The WarmPool CRD's language pattern: keeps ':' and glob characters out of key names.</summary>
    public static bool IsValidLanguage(string? language) => language is not null && LanguagePattern().IsMatch(language);

    private static string Checked(string language) => IsValidLanguage(language)
        ? language
        : throw new ArgumentException($"'{language}' is not a language id (^[a-z0-9][a-z0-9+-]{{0,31}}$).", nameof(language));

    [GeneratedRegex("^[a-z0-9][a-z0-9+-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();
}
