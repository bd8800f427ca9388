using System.Diagnostics;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Runs a real kubectl binary against a simulator, with its own kubeconfig and discovery cache.</summary>
internal sealed class Kubectl : IDisposable
{
    private readonly string _binary;
    private readonly string _home;

    public Kubectl(string binary, KubernetesSimulator simulator)
    {
        _binary = binary;
        _home = Directory.CreateTempSubdirectory("kubectl-").FullName;
        Kubeconfig = Path.Combine(_home, "config");
        simulator.WriteKubeconfig(Kubeconfig);
    }

    public string Kubeconfig { get; }

    /// <summary>The kubectl binaries on this machine: /usr/bin/kubectl (1.32) and .tools/bin/kubectl (1.35) when installed.</summary>
    public static IEnumerable<object[]> Binaries()
    {
        if (File.Exists("/usr/bin/kubectl")) yield return ["/usr/bin/kubectl"];
        var tools = Path.Combine(RepositoryRoot(), ".tools", "bin", "kubectl");
        if (File.Exists(tools)) yield return [tools];
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LetsCode.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (LetsCode.sln) not found");
    }

    public static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    public async Task<Result> RunAsync(string arguments, string? stdin = null, double timeoutSeconds = 60)
    {
        var info = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig=" + Kubeconfig);
        info.ArgumentList.Add("--cache-dir=" + Path.Combine(_home, "cache"));
        foreach (var argument in Split(arguments)) info.ArgumentList.Add(argument);
        info.Environment["HOME"] = _home;
        info.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"kubectl {arguments} did not finish in {timeoutSeconds} s; stderr: {await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public async Task<Result> SucceedAsync(string arguments, string? stdin = null)
    {
        var result = await RunAsync(arguments, stdin);
        Assert.True(result.ExitCode == 0, $"kubectl {arguments} exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
        return result;
    }

    private static IEnumerable<string> Split(string arguments)
    {
        // Arguments in the tests never contain spaces except inside single quotes.
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in arguments)
        {
            if (c == '\'') quoted = !quoted;
            else if (c == ' ' && !quoted)
            {
                if (current.Length > 0) parts.Add(current.ToString());
                current.Clear();
            }
            else current.Append(c);
        }

        if (current.Length > 0) parts.Add(current.ToString());
        return parts;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr);
}
