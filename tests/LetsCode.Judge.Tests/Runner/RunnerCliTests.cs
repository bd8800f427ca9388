using System.Diagnostics;
using System.Text.Json;
using LetsCode.Judge.Model;
using LetsCode.Judge.Tests.Support;

namespace LetsCode.Judge.Tests.Runner;

/// <summary>The built letscode-runner process end to end: JSON on stdin, JSON on stdout, exit codes 0 and 2.</summary>
public sealed class RunnerCliTests : IDisposable
{
    private readonly TempDirectory _root = new("letscode-cli");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_valid_job_gets_a_verdict_and_exit_code_0()
    {
        const string job = """{"language":"python3","source":"print(sum(map(int, input().split())))","tests":[{"name":"a","input":"1 2\n","expectedOutput":"3\n"}]}""";
        var (exit, stdout, stderr) = await RunAsync(["judge"], job);

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        var result = JsonSerializer.Deserialize(stdout, JudgeJson.Default.JudgeResult)!;
        if (SandboxAvailability.SkipReason is null)
        {
            Assert.Equal(Verdict.Accepted, result.Verdict);
            Assert.Equal("3\n", result.Tests[0].Stdout);
        }
        else
        {
            // Fail closed: no sandbox here, so nothing ran, and the result says which layer is missing.
            Assert.Equal(Verdict.InternalError, result.Verdict);
            Assert.Contains("sandbox layer", result.Error);
        }
    }

    [Theory]
    [InlineData("{\"language\": ", "invalid JSON")]
    [InlineData("", "stdin is empty")]
    [InlineData("[1, 2]", "invalid JSON")]
    [InlineData("""{"language":"cobol","source":"x","tests":[{"name":"a","input":"","expectedOutput":""}]}""", "language: unknown or unavailable language 'cobol'")]
    [InlineData("""{"language":"python3","source":"x","tests":[]}""", "tests: at least one test is required")]
    [InlineData("""{"language":"python3","source":"x","tests":[{"input":"","expectedOutput":""}],"limits":{"timeMs":-5}}""", "limits.timeMs: must be between 1 and 60000, got -5")]
    [InlineData("""{"language":"python3","source":"x","tests":[{"input":"","expectedOutput":""}],"checker":{"kind":"float"}}""", "needs 'absolute' and/or 'relative'")]
    [InlineData("""{"language":"python3","source":"x","tests":[{"input":"","expectedOutput":""}],"timeLimit":5}""", "timeLimit")]
    public async Task An_invalid_job_gets_exit_code_2_and_an_error_naming_the_problem(string job, string message)
    {
        var (exit, stdout, _) = await RunAsync(["judge"], job);
        Assert.Equal(2, exit);
        using var document = JsonDocument.Parse(stdout);
        Assert.Contains(message, document.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Languages_lists_the_installed_toolchains_with_versions()
    {
        var (exit, stdout, _) = await RunAsync(["languages"], "");
        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(stdout);
        var names = document.RootElement.EnumerateArray().Select(l => l.GetProperty("name").GetString()).ToList();
        Assert.Contains("python3", names);
        Assert.All(document.RootElement.EnumerateArray(), l => Assert.Matches(@"^\d+\.\d+", l.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Doctor_reports_each_layer_and_whether_the_judge_is_ready()
    {
        var (exit, stdout, _) = await RunAsync(["doctor"], "");
        using var document = JsonDocument.Parse(stdout);
        var ready = document.RootElement.GetProperty("ready").GetBoolean();
        Assert.Equal(ready ? 0 : 1, exit);
        Assert.Equal(SandboxAvailability.SkipReason is null, ready);
        Assert.NotEmpty(document.RootElement.GetProperty("layers").EnumerateArray());
    }

    [Fact]
    public async Task Doctor_with_the_insecure_flag_is_never_ready()
    {
        var (exit, stdout, _) = await RunAsync(["doctor", "--insecure-no-sandbox"], "");
        Assert.Equal(1, exit);
        using var document = JsonDocument.Parse(stdout);
        Assert.True(document.RootElement.GetProperty("insecure").GetBoolean());
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] arguments, string stdin)
    {
        var runner = Path.Combine(AppContext.BaseDirectory, "letscode-runner.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(runner);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--work-root");
        start.ArgumentList.Add(Path.Combine(_root.Path, "work"));
        start.ArgumentList.Add("--cache-root");
        start.ArgumentList.Add(Path.Combine(_root.Path, "cache"));

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
