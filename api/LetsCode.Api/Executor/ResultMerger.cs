using LetsCode.Judge.Model;

namespace LetsCode.Api.Executor;

/// <summary>Combines the results of consecutive batches of one request into the result of the whole.</summary>
public static class ResultMerger
{
    public static JudgeResult Merge(IReadOnlyList<JudgeResult> batches, int totalTests)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Count == 0)
        {
            return new JudgeResult { Verdict = Verdict.Accepted, Compile = new CompileResult { Ok = true }, Total = totalTests };
        }
        var tests = batches.SelectMany(b => b.Tests).ToList();
        var failed = batches.FirstOrDefault(b => b.Verdict != Verdict.Accepted);
        return new JudgeResult
        {
            Verdict = failed?.Verdict ?? Verdict.Accepted,
            Compile = batches[0].Compile,
            Tests = tests,
            Passed = batches.Sum(b => b.Passed),
            Total = totalTests,
            MaxTimeMs = tests.Count == 0 ? 0 : tests.Max(t => t.TimeMs),
            MaxMemoryKiB = tests.Count == 0 ? 0 : tests.Max(t => t.MemoryKiB),
            Error = failed?.Error,
        };
    }
}
