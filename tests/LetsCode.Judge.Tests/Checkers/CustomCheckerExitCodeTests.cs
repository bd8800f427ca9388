using LetsCode.Judge.Checkers;
using LetsCode.Judge.Model;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Checkers;

/// <summary>How a custom checker's run becomes a verdict: testlib's exit codes, signals and limits (pure).</summary>
public sealed class CustomCheckerExitCodeTests
{
    private static readonly SandboxLimits Limits = new() { CpuTimeMs = 1000, WallTimeMs = 2000, MemoryBytes = 1L << 28, Processes = 1, StdoutBytes = 1 << 16 };

    private static CheckOutcome Interpret(int? exitCode, string stderr = "", int? signal = null, bool wall = false, string stdout = "") =>
        CustomChecker.Interpret(new SandboxResult
        {
            ExitCode = exitCode,
            Signal = signal,
            WallLimitHit = wall,
            Stderr = System.Text.Encoding.UTF8.GetBytes(stderr),
            Stdout = System.Text.Encoding.UTF8.GetBytes(stdout),
        }, Limits);

    [Fact]
    public void Exit_0_accepts_and_1_rejects_with_the_checkers_message()
    {
        Assert.Equal(new CheckOutcome(Verdict.Accepted, "ok 3 numbers"), Interpret(0, "ok 3 numbers"));
        Assert.Equal(new CheckOutcome(Verdict.WrongAnswer, "expected 3, found 4"), Interpret(1, stdout: "expected 3, found 4\n"));
        Assert.Equal(new CheckOutcome(Verdict.WrongAnswer, "the checker rejected the output"), Interpret(1));
    }

    [Fact]
    public void Exit_2_a_presentation_error_is_a_wrong_answer_that_says_so()
    {
        // What testlib prints for extra tokens in the contestant's output (its "_dirt", exited as "_pe").
        var outcome = Interpret(2, "wrong output format Extra information in the output file");
        Assert.Equal(Verdict.WrongAnswer, outcome.Verdict);
        Assert.Equal("presentation error (the output is malformed): wrong output format Extra information in the output file", outcome.Message);
        Assert.Equal(new CheckOutcome(Verdict.WrongAnswer, "presentation error (the output is malformed)"), Interpret(2));
    }

    [Fact]
    public void Exit_3_the_checker_failed_is_an_internal_error()
    {
        var outcome = Interpret(3, "FAIL Answer contains a negative number");
        Assert.Equal(Verdict.InternalError, outcome.Verdict);
        Assert.Equal("the checker failed (exit code 3, testlib 'fail': the checker or the test's answer is broken): FAIL Answer contains a negative number", outcome.Message);
    }

    [Theory]
    [InlineData(7, "exited with code 7 (testlib 'points'")]
    [InlineData(4, "exited with code 4 (expected testlib's")]
    [InlineData(8, "exited with code 8 (expected testlib's")]
    [InlineData(42, "exited with code 42 (expected testlib's")]
    [InlineData(255, "exited with code 255 (expected testlib's")]
    public void Points_and_other_codes_are_internal_errors_naming_the_code(int exitCode, string message)
    {
        var outcome = Interpret(exitCode, "points 50");
        Assert.Equal(Verdict.InternalError, outcome.Verdict);
        Assert.StartsWith("the checker " + message, outcome.Message, StringComparison.Ordinal);
        Assert.EndsWith(": points 50", outcome.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 11, false, "the checker was killed by SIGSEGV")]
    [InlineData(null, 9, true, "the checker exceeded its time limit")]
    [InlineData(0, null, true, "the checker exceeded its time limit")] // a verdict printed after the limit does not count
    [InlineData(1, null, true, "the checker exceeded its time limit")]
    public void Killed_or_out_of_time_is_an_internal_error_whatever_the_exit_code(int? exitCode, int? signal, bool wall, string message)
    {
        var outcome = Interpret(exitCode, "boom", signal, wall);
        Assert.Equal(new CheckOutcome(Verdict.InternalError, message + ": boom"), outcome);
    }
}
