using System.Text;
using System.Text.RegularExpressions;
using LetsCode.Api.Contracts;
using LetsCode.Judge.FunctionStyle;
using LetsCode.Judge.Model;

namespace LetsCode.Api.Validation;

/// <summary>Validation of request bodies. Pure: names each offending field (JSON path, camelCase).</summary>
public static partial class RequestRules
{
    public const int MaxTimeMs = 30_000;
    public const int MaxWallTimeMs = 120_000;
    public const int MinMemoryMiB = 16;
    public const int MaxMemoryMiB = 4096;
    public const int MaxOutputKiB = 64 * 1024;
    public const int MaxProcesses = 256;
    public const int MaxStatementChars = 1024 * 1024;
    public const int MaxInlineTestBytes = 16 * 1024 * 1024;

    public static int Utf8Bytes(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);

    public static ValidationErrors Submit(SubmitRequest request)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Code))
        {
            errors.Add("code", "code is required");
        }
        if (string.IsNullOrWhiteSpace(request.Language))
        {
            errors.Add("language", "language is required");
        }
        if (string.IsNullOrWhiteSpace(request.ProblemId))
        {
            errors.Add("problemId", "problemId is required");
        }
        if (string.IsNullOrWhiteSpace(request.UserId))
        {
            errors.Add("userId", "userId is required");
        }
        else if (!UserIdPattern().IsMatch(request.UserId))
        {
            errors.Add("userId", "userId must be 1-128 characters of letters, digits and . _ @ -");
        }
        return errors;
    }

    public static ValidationErrors TestRun(TestRunRequest request)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Code))
        {
            errors.Add("code", "code is required");
        }
        if (string.IsNullOrWhiteSpace(request.Language))
        {
            errors.Add("language", "language is required");
        }
        return errors;
    }

    public static bool IsUserId(string? userId) => userId is not null && UserIdPattern().IsMatch(userId);

    public static bool IsProblemId(string? id) => id is not null && ProblemIdPattern().IsMatch(id);

    public static bool IsTestName(string? name) => name is not null && TestNamePattern().IsMatch(name);

    /// <param name="requireTests">POST needs at least one test unless they are uploaded afterwards (false).</param>
    public static ValidationErrors Problem(ProblemRequest request)
    {
        var errors = new ValidationErrors();
        if (!IsProblemId(request.Id))
        {
            errors.Add("id", "id must be 1-64 characters of lowercase letters, digits and '-', starting with a letter or digit");
        }
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            errors.Add("title", "title is required");
        }
        else if (request.Title.Length > 200)
        {
            errors.Add("title", "title must be at most 200 characters");
        }
        if (request.Statement is { Length: > MaxStatementChars })
        {
            errors.Add("statement", $"statement must be at most {MaxStatementChars} characters");
        }
        Limits(request.Limits, errors);
        Checker(request.Checker, request.Function is not null, errors);
        Function(request.Function, errors);
        Tests(request.Tests, request.Function is not null, errors);
        return errors;
    }

    private static void Limits(LimitsDocument? limits, ValidationErrors errors)
    {
        if (limits is null)
        {
            return;
        }
        Range(limits.TimeMs, 1, MaxTimeMs, "limits.timeMs", errors);
        Range(limits.WallTimeMs, 1, MaxWallTimeMs, "limits.wallTimeMs", errors);
        Range(limits.MemoryMiB, MinMemoryMiB, MaxMemoryMiB, "limits.memoryMiB", errors);
        Range(limits.OutputKiB, 1, MaxOutputKiB, "limits.outputKiB", errors);
        Range(limits.Processes, 1, MaxProcesses, "limits.processes", errors);
    }

    private static void Range(int? value, int min, int max, string field, ValidationErrors errors)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors.Add(field, $"{field} must be between {min} and {max}");
        }
    }

    private static void Checker(CheckerDocument? checker, bool functionStyle, ValidationErrors errors)
    {
        if (checker is null)
        {
            return;
        }
        if (functionStyle)
        {
            errors.Add("checker", "function-style problems use the JSON answer checker; omit checker");
            return;
        }
        var kind = checker.Kind ?? CheckerSpec.Lines;
        if (!CheckerSpec.Kinds.Contains(kind))
        {
            errors.Add("checker.kind", $"checker.kind must be one of {string.Join(", ", CheckerSpec.Kinds)}");
        }
        if (checker.Absolute is < 0 or double.NaN or double.PositiveInfinity)
        {
            errors.Add("checker.absolute", "checker.absolute must be a finite number >= 0");
        }
        if (checker.Relative is < 0 or double.NaN or double.PositiveInfinity)
        {
            errors.Add("checker.relative", "checker.relative must be a finite number >= 0");
        }
        if (kind == CheckerSpec.Custom)
        {
            if (string.IsNullOrWhiteSpace(checker.Language))
            {
                errors.Add("checker.language", "a custom checker needs its language");
            }
            if (string.IsNullOrWhiteSpace(checker.Source))
            {
                errors.Add("checker.source", "a custom checker needs its source");
            }
        }
    }

    private static void Function(FunctionDocument? function, ValidationErrors errors)
    {
        if (function is null)
        {
            return;
        }
        if (function.EntryPoint is null || !FunctionDriverGenerator.IsValidEntryPoint(function.EntryPoint))
        {
            errors.Add("function.entryPoint", "function.entryPoint must be an identifier such as twoSum");
        }
        if (function.FloatTolerance is < 0 or > 1 or double.NaN)
        {
            errors.Add("function.floatTolerance", "function.floatTolerance must be between 0 and 1");
        }
    }

    private static void Tests(IReadOnlyList<ProblemTestRequest>? tests, bool functionStyle, ValidationErrors errors)
    {
        if (tests is null)
        {
            return;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tests.Count; i++)
        {
            var test = tests[i];
            var at = $"tests[{i}]";
            if (test is null)
            {
                errors.Add(at, "test must be an object");
                continue;
            }
            var name = test.Name ?? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!IsTestName(name))
            {
                errors.Add($"{at}.name", "name must be 1-128 characters of letters, digits and . _ -");
            }
            else if (!names.Add(name))
            {
                errors.Add($"{at}.name", $"duplicate test name '{name}'");
            }
            if (functionStyle)
            {
                if (test.Args is null)
                {
                    errors.Add($"{at}.args", "a function-style test needs args (a JSON array)");
                }
                if (test.Expected is null)
                {
                    errors.Add($"{at}.expected", "a function-style test needs expected (JSON)");
                }
            }
            else
            {
                if (test.Input is null)
                {
                    errors.Add($"{at}.input", "input is required (it may be empty)");
                }
                if (test.ExpectedOutput is null)
                {
                    errors.Add($"{at}.expectedOutput", "expectedOutput is required (it may be empty)");
                }
                if (Utf8Bytes(test.Input) + Utf8Bytes(test.ExpectedOutput) > MaxInlineTestBytes)
                {
                    errors.Add(at, $"inline tests are limited to {MaxInlineTestBytes} bytes; upload larger ones to /api/problems/{{id}}/tests/{{name}}/input|output");
                }
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,128}$")]
    private static partial Regex UserIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex ProblemIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TestNamePattern();
}
