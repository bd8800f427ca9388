using System.Text.Json;
using LetsCode.Judge.Model;
using LetsCode.Operator.Controllers;
using LetsCode.Operator.Resources;

namespace LetsCode.Operator.Tests.Controllers;

/// <summary>
/// The final status of a Submission: program output is recorded only for spec.captureOutput resources (custom runs),
/// truncated per test and over the whole resource, so judged submissions' statuses stay small.
/// </summary>
public sealed class SubmissionStatusWriterTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Without_captureOutput_no_test_carries_program_output()
    {
        var status = Written(Result(("1", "3\n", "warning\n")), captureOutput: false);

        var test = Assert.Single(status.Tests!);
        Assert.Null(test.Stdout);
        Assert.Null(test.Stderr);
        Assert.Equal(("Accepted", 7L), (test.Verdict, test.TimeMs));
        var json = SubmissionStatusWriter.Finished(Result(("1", "3\n", "warning\n")), Now, null, 1).ToJsonString();
        Assert.DoesNotContain("stdout", json, StringComparison.Ordinal);
        Assert.DoesNotContain("stderr", json, StringComparison.Ordinal);
    }

    [Fact]
    public void With_captureOutput_each_test_carries_its_stdout_and_stderr()
    {
        var status = Written(Result(("1", "3\n", "warning\n"), ("2", "", "")), captureOutput: true);

        Assert.Equal(["3\n", ""], status.Tests!.Select(t => t.Stdout));
        Assert.Equal(["warning\n", ""], status.Tests!.Select(t => t.Stderr));
    }

    [Fact]
    public void Captured_output_is_cut_at_the_per_test_limit_without_a_marker_or_a_split_surrogate_pair()
    {
        var limit = SubmissionStatusWriter.CapturedOutputLimit;
        var stdout = new string('x', limit - 1) + "😀" + "tail"; // the emoji straddles the limit
        var stderr = new string('e', limit + 100);

        var test = Assert.Single(Written(Result(("1", stdout, stderr)), captureOutput: true).Tests!);

        Assert.Equal(new string('x', limit - 1), test.Stdout);
        Assert.Equal(new string('e', limit), test.Stderr);
    }

    [Fact]
    public void Captured_output_over_all_tests_stays_within_the_budget()
    {
        var big = new string('o', SubmissionStatusWriter.CapturedOutputLimit);
        var tests = Enumerable.Range(1, 20).Select(i => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), big, big)).ToArray();

        var status = Written(Result(tests), captureOutput: true);

        var kept = status.Tests!.Sum(t => t.Stdout!.Length + t.Stderr!.Length);
        Assert.Equal(SubmissionStatusWriter.CapturedOutputBudget, kept);
        Assert.Equal(20, status.Tests!.Count); // the summaries are all there; only output runs out
        Assert.Equal("", status.Tests![^1].Stdout);
    }

    private static SubmissionStatus Written(JudgeResult result, bool captureOutput) =>
        JsonSerializer.Deserialize(SubmissionStatusWriter.Finished(result, Now, null, 1, captureOutput), OperatorJsonContext.Default.SubmissionStatus)!;

    private static JudgeResult Result(params (string Name, string Stdout, string Stderr)[] tests) => new()
    {
        Verdict = Verdict.Accepted,
        Compile = new CompileResult { Ok = true },
        Tests = [.. tests.Select(t => new TestResult { Name = t.Name, Verdict = Verdict.Accepted, TimeMs = 7, Stdout = t.Stdout, Stderr = t.Stderr })],
        Passed = tests.Length,
        Total = tests.Length,
    };
}
