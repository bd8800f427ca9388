using LetsCode.Judge.FunctionStyle;
using LetsCode.Judge.Model;
using LetsCode.Judge.Tests.Support;

namespace LetsCode.Judge.Tests.Verdicts;

/// <summary>
/// The syntax check of interpreted languages, through the real sandbox: it is the compile step (cached, its
/// messages are compile.output), it never runs the program, and syntax errors in function-style code and in
/// JavaScript ES modules are caught too, with line numbers in the user's own code.
/// </summary>
public sealed class SyntaxCheckTests(JudgeFixture fixture) : IClassFixture<JudgeFixture>
{
    private static readonly TestCase Silent = new() { Name = "1", Input = "", ExpectedOutput = "out\n" };

    [SandboxFact(Language = "python3")]
    public Task Python_is_checked_without_being_run() =>
        Checked_without_being_run("python3", "import sys\nprint('out')\nprint('err', file=sys.stderr)\n");

    [SandboxFact(Language = "javascript")]
    public Task JavaScript_is_checked_without_being_run() =>
        Checked_without_being_run("javascript", "console.log('out');\nconsole.error('err');\n");

    [SandboxFact(Language = "bash")]
    public Task Bash_is_checked_without_being_run() => Checked_without_being_run("bash", "echo out\necho err >&2\n");

    private async Task Checked_without_being_run(string language, string source)
    {
        var job = new JudgeJob { Language = language, Source = source, Tests = [Silent] };

        var first = await fixture.JudgeAsync(job);
        Assert.Equal(Verdict.Accepted, first.Verdict);
        Assert.True(first.Compile.Ok);
        Assert.Equal("", first.Compile.Output); // the program's own output would be here had the check run it
        Assert.False(first.Compile.Cached);
        Assert.Equal("err\n", first.Tests[0].Stderr);

        var second = await fixture.JudgeAsync(job);
        Assert.Equal(Verdict.Accepted, second.Verdict);
        Assert.True(second.Compile.Cached, "a resubmission is not checked again");
    }

    [SandboxFact(Language = "python3")]
    public async Task A_syntax_error_in_a_python_function_is_reported_at_the_users_line()
    {
        const string user = "def twoSum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums)\n        seen[n] = i\n";
        var result = await JudgeFunctionAsync("python3", user);

        Assert.Equal(Verdict.CompilationError, result.Verdict);
        Assert.Contains("File \"main.py\", line 3", result.Compile.Output, StringComparison.Ordinal);
        Assert.Contains("SyntaxError", result.Compile.Output, StringComparison.Ordinal);
        Assert.Empty(result.Tests);
    }

    [SandboxFact(Language = "javascript")]
    public async Task A_syntax_error_in_a_javascript_function_is_reported_at_the_users_line()
    {
        const string user = "var twoSum = function(nums, target) {\n    return [0, 1;\n};\n";
        var result = await JudgeFunctionAsync("javascript", user);

        Assert.Equal(Verdict.CompilationError, result.Verdict);
        Assert.Contains("/box/main.js:2", result.Compile.Output, StringComparison.Ordinal);
        Assert.Contains("SyntaxError", result.Compile.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("    at ", result.Compile.Output, StringComparison.Ordinal); // no frames of the check script
    }

    [SandboxFact(Language = "python3")]
    public async Task A_correct_python_function_still_runs_behind_the_generated_prelude()
    {
        const string user = "class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        return [0, 1]\n";
        var result = await JudgeFunctionAsync("python3", user);
        Assert.Equal(Verdict.Accepted, result.Verdict);
        Assert.True(result.Compile.Ok, result.Compile.Output);
    }

    [SandboxFact(Language = "javascript")]
    public async Task An_es_module_runs_and_its_syntax_errors_are_compile_errors()
    {
        // Node loads a .js file with import syntax as an ES module; `node --check` alone would pass the broken one.
        const string module = "import { readFileSync } from \"fs\";\nconst [a, b] = readFileSync(0, \"utf8\").trim().split(\" \").map(Number);\n";
        var sum = new TestCase { Name = "1", Input = "2 3\n", ExpectedOutput = "5\n" };

        var good = await fixture.JudgeAsync(new JudgeJob { Language = "javascript", Source = module + "console.log(a + b);\n", Tests = [sum] });
        Assert.Equal(Verdict.Accepted, good.Verdict);

        var broken = await fixture.JudgeAsync(new JudgeJob { Language = "javascript", Source = module + "console.log(a + );\n", Tests = [sum] });
        Assert.Equal(Verdict.CompilationError, broken.Verdict);
        Assert.Contains("/box/main.js:3", broken.Compile.Output, StringComparison.Ordinal);
        Assert.Contains("SyntaxError", broken.Compile.Output, StringComparison.Ordinal);
    }

    [SandboxFact(Language = "javascript")]
    public async Task Commonjs_only_syntax_is_not_mistaken_for_a_module()
    {
        // A top-level return is fine in CommonJS (Node's function wrapper) and illegal in a module.
        var result = await fixture.JudgeAsync(new JudgeJob
        {
            Language = "javascript",
            Source = "console.log('out');\nreturn;\n",
            Tests = [Silent],
        });
        Assert.Equal(Verdict.Accepted, result.Verdict);
    }

    private Task<JudgeResult> JudgeFunctionAsync(string language, string user) =>
        fixture.JudgeAsync(new JudgeJob
        {
            Language = language,
            Source = FunctionDriverGenerator.Generate(language, user, new FunctionSpec { EntryPoint = "twoSum" }),
            Tests = [new TestCase { Name = "1", Input = "[[2,7,11,15],9]", ExpectedOutput = "[0,1]\n" }],
        });
}
