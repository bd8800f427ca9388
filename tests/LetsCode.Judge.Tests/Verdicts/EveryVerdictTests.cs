using LetsCode.Judge.Model;
using LetsCode.Judge.Tests.Support;

namespace LetsCode.Judge.Tests.Verdicts;

/// <summary>
/// Every verdict in every language, through the real sandbox: one compile per language, one job whose tests are a
/// correct answer, a wrong one, an infinite loop, a sleep, a memory hog, a crash and a flood of output. Each
/// language is its own test class so languages run in parallel.
/// </summary>
public abstract class EveryVerdictTests(JudgeFixture fixture, string language)
{
    private static readonly Limits TightLimits = new() { TimeMs = 1000, WallTimeMs = 2500, MemoryMiB = 64, OutputKiB = 64 };

    protected async Task Every_verdict_is_classified_from_what_happened()
    {
        var job = new JudgeJob
        {
            Language = language,
            Source = VerdictPrograms.Source(language),
            Tests = [.. VerdictPrograms.Cases.Select(c => new TestCase { Name = c.Mode, Input = c.Input, ExpectedOutput = c.Expected })],
            Limits = LimitsFor(language),
        };
        var result = await fixture.JudgeAsync(job);

        Assert.True(result.Compile.Ok, result.Compile.Output);
        var verdicts = result.Tests.Select(t => $"{t.Name}:{t.Verdict}").ToList();
        var details = string.Join("\n", result.Tests.Select(t =>
            $"{t.Name}: {t.Verdict} exit={t.ExitCode} signal={t.Signal} cpu={t.TimeMs} wall={t.WallTimeMs} mem={t.MemoryKiB}KiB " +
            $"checker={t.CheckerMessage} stderr={t.Stderr[..Math.Min(300, t.Stderr.Length)]}"));
        Assert.True(VerdictPrograms.Cases.Select(c => $"{c.Mode}:{c.Verdict}").SequenceEqual(verdicts), details + "\nerror: " + result.Error);
        Assert.Equal(Verdict.WrongAnswer, result.Verdict); // the first failure
        Assert.Equal(1, result.Passed);
        Assert.Equal(VerdictPrograms.Cases.Length, result.Total);

        var sum = result.Tests[0];
        Assert.Equal("42\n", sum.Stdout);
        Assert.Equal(0, sum.ExitCode);
        Assert.True(sum.MemoryKiB > 0, "peak memory is measured");
        Assert.InRange(sum.WallTimeMs, 0, job.Limits.WallTimeMs!.Value); // a static binary may finish within 1 ms

        var loop = result.Tests.Single(t => t.Name == "loop");
        Assert.True(loop.TimeMs > 100, $"the loop burned CPU time ({loop.TimeMs} ms)");
        var sleep = result.Tests.Single(t => t.Name == "sleep");
        Assert.True(sleep.WallTimeMs >= job.Limits.WallTimeMs * 0.9, $"the sleeper ran out of wall time ({sleep.WallTimeMs} ms)");
        Assert.True(sleep.TimeMs < job.Limits.TimeMs, $"the sleeper used little CPU ({sleep.TimeMs} ms)");

        var crash = result.Tests.Single(t => t.Name == "crash");
        if (language is "c" or "cpp") Assert.Equal("SIGSEGV", crash.Signal);
        else Assert.NotEqual(0, crash.ExitCode);

        var flood = result.Tests.Single(t => t.Name == "flood");
        Assert.True(flood.Stdout.Length <= TestResult.MaxCapturedBytes, "captured stdout is truncated in the result");
        Assert.StartsWith("xxxx", flood.Stdout);
    }

    protected async Task A_syntax_error_is_reported()
    {
        var job = new JudgeJob
        {
            Language = language,
            Source = VerdictPrograms.Broken(language),
            Tests = [new TestCase { Name = "1", Input = "", ExpectedOutput = "" }],
            Limits = LimitsFor(language),
        };
        var result = await fixture.JudgeAsync(job);

        // Interpreted languages too: their syntax check is the compile step, so the error is reported once, before
        // any test runs, with the interpreter's own message.
        Assert.Equal(Verdict.CompilationError, result.Verdict);
        Assert.False(result.Compile.Ok);
        Assert.Contains(VerdictPrograms.BrokenMessage(language), result.Compile.Output, StringComparison.Ordinal);
        Assert.Empty(result.Tests);
        Assert.Equal(1, result.Total);
    }

    /// <summary>The JVM needs more CPU to start than a native binary; everything else is the same.</summary>
    private static Limits LimitsFor(string language) =>
        language == "java" ? TightLimits with { TimeMs = 2000, WallTimeMs = 4000 } : TightLimits;
}

public sealed class CVerdictTests(JudgeFixture fixture) : EveryVerdictTests(fixture, "c"), IClassFixture<JudgeFixture>
{
    [SandboxFact(Language = "c")] public Task Every_verdict() => Every_verdict_is_classified_from_what_happened();
    [SandboxFact(Language = "c")] public Task Syntax_error() => A_syntax_error_is_reported();
}

public sealed class CppVerdictTests(JudgeFixture fixture) : EveryVerdictTests(fixture, "cpp"), IClassFixture<JudgeFixture>
{
    [SandboxFact(Language = "cpp")] public Task Every_verdict() => Every_verdict_is_classified_from_what_happened();
    [SandboxFact(Language = "cpp")] public Task Syntax_error() => A_syntax_error_is_reported();
}

public sealed class JavaVerdictTests(JudgeFixture fixture) : EveryVerdictTests(fixture, "java"), IClassFixture<JudgeFixture>
{
    [SandboxFact(Language = "java")] public Task Every_verdict() => Every_verdict_is_classified_from_what_happened();
    [SandboxFact(Language = "java")] public Task Syntax_error() => A_syntax_error_is_reported();
}

public sealed class RustVerdictTests(JudgeFixture fixture) : EveryVerdictTests(fixture, "rust"), IClassFixture<JudgeFixture>
{
    [SandboxFact(Language = "rust")] public Task Every_verdict() => Every_verdict_is_classified_from_what_happened();
    [SandboxFact(Language = "rust")] public Task Syntax_error() => A_syntax_error_is_reported();
}

public sealed class PythonVerdictTests(JudgeFixture fixture) : EveryVerdictTests(fixture, "python3"), IClassFixture<JudgeFixture>
{
    [SandboxFact(Language = "python3")] public Task Every_verdict() => Every_verdict_is_classified_from_what_happened();
    [SandboxFact(Language = "python3")] public Task Syntax_error() => A_syntax_error_is_reported();
}

public sealed class JavaScriptVerdictTests(JudgeFixture fixture) : EveryVerdictTests(fixture, "javascript"), IClassFixture<JudgeFixture>
{
    [SandboxFact(Language = "javascript")] public Task Every_verdict() => Every_verdict_is_classified_from_what_happened();
    [SandboxFact(Language = "javascript")] public Task Syntax_error() => A_syntax_error_is_reported();
}

public sealed class BashVerdictTests(JudgeFixture fixture) : EveryVerdictTests(fixture, "bash"), IClassFixture<JudgeFixture>
{
    [SandboxFact(Language = "bash")] public Task Every_verdict() => Every_verdict_is_classified_from_what_happened();
    [SandboxFact(Language = "bash")] public Task Syntax_error() => A_syntax_error_is_reported();
}

public sealed class PascalVerdictTests(JudgeFixture fixture) : EveryVerdictTests(fixture, "pascal"), IClassFixture<JudgeFixture>
{
    [SandboxFact(Language = "pascal")] public Task Every_verdict() => Every_verdict_is_classified_from_what_happened();
    [SandboxFact(Language = "pascal")] public Task Syntax_error() => A_syntax_error_is_reported();
}
