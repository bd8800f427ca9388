using System.Text;

namespace LetsCode.Judge.Model;

/// <summary>
/// Checks a job before anything runs. Pure: the set of languages available on this machine is passed in.
/// Every message names the offending field in the job's JSON spelling (e.g. <c>limits.timeMs</c>).
/// </summary>
public sealed class JobValidator
{
    private readonly Func<string, bool> _isAvailable;
    private readonly Func<IEnumerable<string>> _available;
    private readonly JobLimitsPolicy _policy;

    public JobValidator(IEnumerable<string> availableLanguages, JobLimitsPolicy? policy = null)
    {
        var languages = new HashSet<string>(availableLanguages, StringComparer.Ordinal);
        _isAvailable = languages.Contains;
        _available = () => languages;
        _policy = policy ?? JobLimitsPolicy.Default;
    }

    /// <param name="isAvailable">Whether a language can be judged here (asked only for the languages a job names).</param>
    /// <param name="available">All available languages, listed in error messages only.</param>
    /// <param name="policy">Bounds on limits and sizes; the defaults when null.</param>
    public JobValidator(Func<string, bool> isAvailable, Func<IEnumerable<string>> available, JobLimitsPolicy? policy = null)
    {
        _isAvailable = isAvailable;
        _available = available;
        _policy = policy ?? JobLimitsPolicy.Default;
    }

    /// <summary>All problems found, in field order; empty when the job is valid. Apply <see cref="JobDefaults"/> first.</summary>
    public IReadOnlyList<string> Validate(JudgeJob? job)
    {
        var errors = new List<string>();
        if (job is null)
        {
            errors.Add("job: expected a JSON object");
            return errors;
        }

        CheckLanguage("language", job.Language, errors);
        CheckSource("source", job.Source, errors);
        CheckTests(job.Tests, errors);
        CheckLimits(job.Limits, errors);
        CheckChecker(job.Checker, errors);
        return errors;
    }

    private void CheckLanguage(string field, string? language, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(language))
            errors.Add($"{field}: required (one of {Known()})");
        else if (!_isAvailable(language))
            errors.Add($"{field}: unknown or unavailable language '{Clip(language)}' (available: {Known()})");
    }

    private void CheckSource(string field, string? source, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(source))
            errors.Add($"{field}: must not be empty");
        else if (Encoding.UTF8.GetByteCount(source) > _policy.MaxSourceBytes)
            errors.Add($"{field}: larger than {_policy.MaxSourceBytes} bytes");
    }

    private void CheckTests(IReadOnlyList<TestCase>? tests, List<string> errors)
    {
        if (tests is null || tests.Count == 0)
        {
            errors.Add("tests: at least one test is required");
            return;
        }
        if (tests.Count > _policy.MaxTests)
            errors.Add($"tests: at most {_policy.MaxTests} tests per job (got {tests.Count})");

        for (var i = 0; i < tests.Count; i++)
        {
            var test = tests[i];
            if (test is null)
            {
                errors.Add($"tests[{i}]: must be an object");
                continue;
            }
            // name (defaults to the index) and input (defaults to empty) are optional: see JobDefaults.
            if (test.Input is not null && test.Input.Length > _policy.MaxTestDataBytes) errors.Add($"tests[{i}].input: too large");
            if (test.ExpectedOutput is null) errors.Add($"tests[{i}].expectedOutput: must be a string");
            else if (test.ExpectedOutput.Length > _policy.MaxTestDataBytes) errors.Add($"tests[{i}].expectedOutput: too large");
        }
    }

    private void CheckLimits(Limits? limits, List<string> errors)
    {
        if (limits is null) return; // "limits": null means all defaults
        Range("limits.timeMs", limits.TimeMs, 1, _policy.MaxTimeMs, errors);
        Range("limits.wallTimeMs", limits.WallTimeMs, 1, _policy.MaxWallTimeMs, errors);
        Range("limits.memoryMiB", limits.MemoryMiB, 1, _policy.MaxMemoryMiB, errors);
        Range("limits.outputKiB", limits.OutputKiB, 1, _policy.MaxOutputKiB, errors);
        Range("limits.processes", limits.Processes, 1, _policy.MaxProcesses, errors);

        if (limits.TimeMs is { } time && limits.WallTimeMs is { } wall && wall < time && time <= _policy.MaxTimeMs)
            errors.Add($"limits.wallTimeMs: must be at least limits.timeMs ({time}), got {wall}");
        if (limits.TimeMs is { } t && limits.WallTimeMs is null && (long)t * 3 > _policy.MaxWallTimeMs && t <= _policy.MaxTimeMs)
            errors.Add($"limits.wallTimeMs: the default (3 x timeMs = {(long)t * 3}) exceeds {_policy.MaxWallTimeMs}; set it explicitly");
    }

    private static void Range(string field, int? value, int min, int max, List<string> errors)
    {
        if (value is { } v && (v < min || v > max))
            errors.Add($"{field}: must be between {min} and {max}, got {v}");
    }

    private void CheckChecker(CheckerSpec? checker, List<string> errors)
    {
        if (checker is null) return; // "checker": null means the default (lines)
        if (string.IsNullOrEmpty(checker.Kind) || !CheckerSpec.Kinds.Contains(checker.Kind))
        {
            errors.Add($"checker.kind: unknown checker '{Clip(checker.Kind ?? "")}' (one of {string.Join(", ", CheckerSpec.Kinds)})");
            return;
        }

        if (checker.Kind == CheckerSpec.Float)
        {
            if (checker.Absolute is null && checker.Relative is null)
                errors.Add("checker: a float checker needs 'absolute' and/or 'relative' epsilon");
            Epsilon("checker.absolute", checker.Absolute, errors);
            Epsilon("checker.relative", checker.Relative, errors);
        }
        else if (checker.Absolute is not null || checker.Relative is not null)
        {
            errors.Add($"checker: 'absolute' and 'relative' apply only to kind 'float', not '{checker.Kind}'");
        }

        if (checker.Kind == CheckerSpec.Custom)
        {
            CheckLanguage("checker.language", checker.Language, errors);
            CheckSource("checker.source", checker.Source, errors);
        }
        else if (checker.Language is not null || checker.Source is not null)
        {
            errors.Add($"checker: 'language' and 'source' apply only to kind 'custom', not '{checker.Kind}'");
        }
    }

    private static void Epsilon(string field, double? value, List<string> errors)
    {
        if (value is { } v && (double.IsNaN(v) || double.IsInfinity(v) || v < 0 || v >= 1e6))
            errors.Add($"{field}: must be a finite number between 0 and 1e6, got {v}");
    }

    private string Known()
    {
        var names = _available().Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? "none on this machine" : string.Join(", ", names);
    }

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
