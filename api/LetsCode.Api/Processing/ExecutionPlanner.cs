using System.Text.Json;
using LetsCode.Api.Executor;
using LetsCode.Api.Storage.Entities;
using LetsCode.Judge.FunctionStyle;
using LetsCode.Judge.Model;

namespace LetsCode.Api.Processing;

/// <summary>
/// Turns a submission and its problem into an ExecutionRequest: which tests (all, or the samples for a custom
/// test), the program (the user's code, or a generated driver around it for function-style problems), the checker
/// and the limits. Pure: no I/O.
/// </summary>
public static class ExecutionPlanner
{
    public static ExecutionPlan Plan(ProblemEntity problem, IReadOnlyList<ProblemTestEntity> tests, string language, string code, bool isCustomTest)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(tests);
        var ordered = tests.OrderBy(t => t.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        var selected = isCustomTest ? ordered.Where(t => t.IsSample).ToList() : ordered;
        if (isCustomTest && selected.Count == 0)
        {
            selected = ordered.Take(1).ToList();
        }

        var function = ReadFunction(problem);
        var request = new ExecutionRequest
        {
            Language = language,
            Source = function is null ? code : FunctionDriverGenerator.Generate(language, code, function),
            Tests = selected
                .Select(t => new ExecutionTest(t.Name, new BlobTestData(t.InputHash, t.InputBytes), new BlobTestData(t.OutputHash, t.OutputBytes)))
                .ToList(),
            Limits = LimitsOf(problem),
            Checker = function is null ? ReadChecker(problem) : JsonAnswerChecker.For(function),
            // A full submission stops at the first failure (its verdict is decided); a run on samples shows them all.
            StopOnFirstFailure = !isCustomTest,
        };
        return new ExecutionPlan(request, selected.Select(t => isCustomTest || t.IsSample).ToList());
    }

    public static Limits LimitsOf(ProblemEntity problem) => new()
    {
        TimeMs = problem.TimeMs,
        WallTimeMs = problem.WallTimeMs,
        MemoryMiB = problem.MemoryMiB,
        OutputKiB = problem.OutputKiB,
        Processes = problem.Processes,
    };

    public static FunctionSpec? ReadFunction(ProblemEntity problem) =>
        problem.FunctionJson is null ? null : JsonSerializer.Deserialize<FunctionSpec>(problem.FunctionJson, StorageJson.Options);

    public static CheckerSpec ReadChecker(ProblemEntity problem) =>
        JsonSerializer.Deserialize<CheckerSpec>(problem.CheckerJson, StorageJson.Options) ?? new CheckerSpec();
}

/// <summary>The request plus, per test, whether its output may be shown to the user.</summary>
public sealed record ExecutionPlan(ExecutionRequest Request, IReadOnlyList<bool> Visible);
