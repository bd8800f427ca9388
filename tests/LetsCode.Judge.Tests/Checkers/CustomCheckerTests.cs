using LetsCode.Judge.Model;
using LetsCode.Judge.Tests.Support;

namespace LetsCode.Judge.Tests.Checkers;

/// <summary>Custom checker programs, run sandboxed as <c>checker input output answer</c>.</summary>
public sealed class CustomCheckerTests(JudgeFixture fixture) : IClassFixture<JudgeFixture>
{
    // Accepts any pair whose sum is the answer: several outputs are right.
    private const string PairChecker = """
        import sys
        inp, out, ans = (open(p).read().split() for p in sys.argv[1:4])
        try:
            x, y = map(int, out)
        except ValueError:
            print("expected two integers, got", out, file=sys.stderr)
            sys.exit(1)
        if x + y != int(ans[0]):
            print(f"{x} + {y} != {ans[0]}", file=sys.stderr)
            sys.exit(1)
        print("ok", file=sys.stderr)
        """;

    private static JudgeJob Job(string solution, CheckerSpec checker) => new()
    {
        Language = "python3",
        Source = solution,
        Tests = [new TestCase { Name = "1", Input = "10\n", ExpectedOutput = "10\n" }],
        Checker = checker,
    };

    private static CheckerSpec Python(string source) => new() { Kind = CheckerSpec.Custom, Language = "python3", Source = source };

    [SandboxFact(Language = "python3")]
    public async Task A_custom_checker_accepts_any_right_answer_and_explains_a_wrong_one()
    {
        var accepted = await fixture.JudgeAsync(Job("print(3, 7)", Python(PairChecker)));
        Assert.Equal(Verdict.Accepted, accepted.Verdict);
        Assert.Equal("ok", accepted.Tests[0].CheckerMessage);

        var wrong = await fixture.JudgeAsync(Job("print(3, 8)", Python(PairChecker)));
        Assert.Equal(Verdict.WrongAnswer, wrong.Verdict);
        Assert.Equal("3 + 8 != 10", wrong.Tests[0].CheckerMessage);
    }

    [SandboxFact(Language = "c")]
    public async Task A_compiled_checker_is_compiled_once_and_reused()
    {
        var checker = new CheckerSpec
        {
            Kind = CheckerSpec.Custom,
            Language = "c",
            Source = "#include <stdio.h>\nint main(int c, char **v){FILE*o=fopen(v[2],\"r\");FILE*a=fopen(v[3],\"r\");long x,y;" +
                     "if(fscanf(o,\"%ld\",&x)!=1||fscanf(a,\"%ld\",&y)!=1){fputs(\"no number\",stderr);return 1;}" +
                     "if(x!=y){fprintf(stderr,\"%ld != %ld\",x,y);return 1;}return 0;}\n// " + Guid.NewGuid(),
        };
        var job = Job("print(int(input()))", checker) with
        {
            Tests = [new TestCase { Name = "a", Input = "1\n", ExpectedOutput = "1\n" }, new TestCase { Name = "b", Input = "2\n", ExpectedOutput = "3\n" }],
        };
        var result = await fixture.JudgeAsync(job);
        Assert.Equal(["a:Accepted", "b:WrongAnswer"], result.Tests.Select(t => $"{t.Name}:{t.Verdict}"));
        Assert.Equal("2 != 3", result.Tests[1].CheckerMessage);

        var again = await fixture.JudgeAsync(job);
        Assert.Equal(result.Tests.Select(t => t.Verdict), again.Tests.Select(t => t.Verdict));
    }

    [SandboxFact(Language = "python3")]
    public async Task A_crashing_checker_is_an_internal_error_not_the_users_fault()
    {
        var result = await fixture.JudgeAsync(Job("print(10)", Python("import os, sys\nprint('about to crash', file=sys.stderr)\nos.abort()\n")));
        Assert.Equal(Verdict.InternalError, result.Verdict);
        // abort() as pid 1 of its namespace ends in SIGSEGV or SIGABRT depending on the libc's fallback.
        Assert.Contains("the checker was killed by SIG", result.Tests[0].CheckerMessage);
        Assert.Contains("about to crash", result.Tests[0].CheckerMessage);
    }

    [SandboxFact(Language = "python3")]
    public async Task A_presentation_error_exit_2_is_a_wrong_answer_that_says_so()
    {
        var result = await fixture.JudgeAsync(Job("print('10 junk')", Python(
            "import sys\nprint('wrong output format Extra information in the output file', file=sys.stderr)\nsys.exit(2)\n")));
        Assert.Equal(Verdict.WrongAnswer, result.Verdict);
        Assert.Equal("presentation error (the output is malformed): wrong output format Extra information in the output file", result.Tests[0].CheckerMessage);
    }

    [SandboxFact(Language = "python3")]
    public async Task A_checker_failure_exit_3_is_an_internal_error_not_the_users_fault()
    {
        var result = await fixture.JudgeAsync(Job("print(10)", Python("import sys\nprint('FAIL answer file is empty', file=sys.stderr)\nsys.exit(3)\n")));
        Assert.Equal(Verdict.InternalError, result.Verdict);
        Assert.StartsWith("the checker failed (exit code 3", result.Tests[0].CheckerMessage);
        Assert.EndsWith(": FAIL answer file is empty", result.Tests[0].CheckerMessage);
    }

    [SandboxFact(Language = "python3")]
    public async Task A_points_exit_7_is_an_internal_error_naming_the_code()
    {
        var result = await fixture.JudgeAsync(Job("print(10)", Python("import sys\nprint('points 50', file=sys.stderr)\nsys.exit(7)\n")));
        Assert.Equal(Verdict.InternalError, result.Verdict);
        Assert.Contains("exited with code 7", result.Tests[0].CheckerMessage);
        Assert.Contains("points 50", result.Tests[0].CheckerMessage);
    }

    [SandboxFact(Language = "c")]
    public async Task A_checker_that_does_not_compile_is_an_internal_error_before_any_test_runs()
    {
        var result = await fixture.JudgeAsync(Job("print(10)", new CheckerSpec { Kind = CheckerSpec.Custom, Language = "c", Source = "int main( {" }));
        Assert.Equal(Verdict.InternalError, result.Verdict);
        Assert.True(result.Compile.Ok, "the submission itself compiled");
        Assert.Empty(result.Tests);
        Assert.StartsWith("the custom checker failed to compile", result.Error);
    }
}
