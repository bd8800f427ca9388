using System.Diagnostics;
using System.Text.Json;
using LetsCode.Judge.Model;
using LetsCode.Judge.Tests.Support;

namespace LetsCode.Judge.Tests.PodSandbox;

/// <summary>`letscode-runner judge|doctor --sandbox pod` as the operator execs it in a pod (benign jobs only).</summary>
[Collection(PodSandboxCollection.Name)]
public sealed class PodRunnerCliTests : IDisposable
{
    private readonly TempDirectory root = new("letscode-pod-cli");

    public void Dispose() => root.Dispose();

    [Fact]
    public async Task Judge_in_pod_mode_gives_each_verdict_a_benign_program_earns()
    {
        // The script sums two numbers; "3 3" loops on CPU, "4 4" sleeps, "5 5" crashes. Limits are small to stay fast.
        const string source = "read a b\\ncase $a in 3) while :; do :; done;; 4) sleep 5;; 5) kill -SEGV $$;; esac\\necho $((a + b))\\n";
        var job = $$"""
            {"language":"bash","source":"{{source}}","limits":{"timeMs":500,"wallTimeMs":1000},
             "tests":[{"name":"ok","input":"1 2\n","expectedOutput":"3\n"},{"name":"wrong","input":"2 2\n","expectedOutput":"5\n"},
                      {"name":"cpu","input":"3 3\n","expectedOutput":"6\n"},{"name":"sleep","input":"4 4\n","expectedOutput":"8\n"},
                      {"name":"crash","input":"5 5\n","expectedOutput":"10\n"}]}
            """;
        var (exit, stdout, stderr) = await RunAsync(["judge", "--sandbox", "pod"], job);
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        var result = JsonSerializer.Deserialize(stdout, JudgeJson.Default.JudgeResult)!;
        Assert.Equal(
            [Verdict.Accepted, Verdict.WrongAnswer, Verdict.TimeLimitExceeded, Verdict.TimeLimitExceeded, Verdict.RuntimeError],
            result.Tests.Select(t => t.Verdict));
        Assert.Equal("SIGSEGV", result.Tests[4].Signal);
    }

    [Fact]
    public async Task Doctor_in_pod_mode_names_the_pod_as_the_boundary()
    {
        var (exit, stdout, _) = await RunAsync(["doctor", "--sandbox", "pod"], "");
        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(stdout);
        var layers = document.RootElement.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal("pod", layers[0].GetProperty("layer").GetString());
        Assert.Contains("does not isolate", layers[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_sandbox_is_a_usage_error()
    {
        var (exit, _, stderr) = await RunAsync(["judge", "--sandbox", "chroot"], "");
        Assert.Equal(1, exit);
        Assert.Contains("chroot", stderr, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] arguments, string stdin)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "letscode-runner.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (option, folder) in new[] { ("--work-root", "work"), ("--cache-root", "cache") })
        {
            start.ArgumentList.Add(option);
            start.ArgumentList.Add(Path.Combine(root.Path, folder));
        }
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
