using LetsCode.Judge.Judging;
using LetsCode.Judge.Model;

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
}
