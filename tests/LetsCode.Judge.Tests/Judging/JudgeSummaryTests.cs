using LetsCode.Judge.Checkers;
using LetsCode.Judge.Judging;
using LetsCode.Judge.Model;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Judging;

public sealed class JudgeSummaryTests
{
    [Fact]
    public void The_overall_verdict_is_the_first_failure_and_totals_count_the_job()
    {
        var job = new JudgeJob { Tests = [new TestCase(), new TestCase(), new TestCase(), new TestCase()] };
        TestResult[] results =
        [
            new() { Verdict = Verdict.Accepted, TimeMs = 10, MemoryKiB = 500 },
            new() { Verdict = Verdict.TimeLimitExceeded, TimeMs = 1000, MemoryKiB = 100 },
            new() { Verdict = Verdict.WrongAnswer, TimeMs = 5, MemoryKiB = 900 },
        ];
        var summary = JobJudge.Summarize(job, new CompileResult { Ok = true }, results);
        Assert.Equal(Verdict.TimeLimitExceeded, summary.Verdict);
        Assert.Equal(1, summary.Passed);
        Assert.Equal(4, summary.Total);
        Assert.Equal(1000, summary.MaxTimeMs);
        Assert.Equal(900, summary.MaxMemoryKiB);
    }

    [Fact]
    public void All_accepted_is_accepted() =>
        Assert.Equal(Verdict.Accepted, JobJudge.Summarize(new JudgeJob { Tests = [new TestCase()] }, new CompileResult(), [new TestResult()]).Verdict);

    private static readonly SandboxLimits CheckerLimits = new() { CpuTimeMs = 1000, WallTimeMs = 2000, MemoryBytes = 1L << 28, Processes = 1, StdoutBytes = 1 << 16 };

    [Fact]
    public void A_custom_checker_exit_0_accepts_and_1_rejects_with_its_message()
    {
        var accepted = CustomChecker.Interpret(new SandboxResult { ExitCode = 0, Stderr = "ok 3 numbers"u8.ToArray() }, CheckerLimits);
        Assert.Equal(new CheckOutcome(Verdict.Accepted, "ok 3 numbers"), accepted);
        var wrong = CustomChecker.Interpret(new SandboxResult { ExitCode = 1, Stdout = "expected 3, found 4\n"u8.ToArray() }, CheckerLimits);
        Assert.Equal(new CheckOutcome(Verdict.WrongAnswer, "expected 3, found 4"), wrong);
    }

    [Theory]
    [InlineData(2, null, false, "exited with code 2")]
    [InlineData(null, 11, false, "killed by SIGSEGV")]
    [InlineData(null, 9, true, "exceeded its time limit")]
    public void A_broken_custom_checker_is_an_internal_error(int? exitCode, int? signal, bool wall, string message)
    {
        var outcome = CustomChecker.Interpret(new SandboxResult { ExitCode = exitCode, Signal = signal, WallLimitHit = wall, Stderr = "boom"u8.ToArray() }, CheckerLimits);
        Assert.Equal(Verdict.InternalError, outcome.Verdict);
        Assert.Contains(message, outcome.Message);
        Assert.EndsWith(": boom", outcome.Message);
    }
}
