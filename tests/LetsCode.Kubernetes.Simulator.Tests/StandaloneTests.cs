using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>The standalone program: serves on the given port, writes a kubeconfig kubectl can use, stops on SIGTERM.</summary>
public sealed class StandaloneTests
{
    [Fact]
    public async Task Serves_kubectl_until_terminated()
    {
        var port = FreePort();
        var home = Directory.CreateTempSubdirectory("simulator-").FullName;
        var kubeconfig = Path.Combine(home, "kubeconfig");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LetsCode.Kubernetes.Simulator.dll"));
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        using var process = Process.Start(info)!;
        try
        {
            var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Contains("SIMULATOR", banner);
            await Objects.Eventually(() => Task.FromResult(File.Exists(kubeconfig)), "kubeconfig written");

            var kubectl = new ProcessStartInfo("/usr/bin/kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--kubeconfig", kubeconfig, "get", "namespaces", "-o", "name" }) kubectl.ArgumentList.Add(a);
            using var get = Process.Start(kubectl)!;
            var output = await get.StandardOutput.ReadToEndAsync();
            await get.WaitForExitAsync();
            Assert.Equal(0, get.ExitCode);
            Assert.Contains("namespace/default", output);

            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/version")).StatusCode);

            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task Rejects_unknown_arguments()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LetsCode.Kubernetes.Simulator.dll"));
        info.ArgumentList.Add("--bogus");
        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("usage", error);
    }

    [Fact]
    public async Task A_runner_that_is_not_there_is_refused_naming_the_path()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LetsCode.Kubernetes.Simulator.dll"));
        info.ArgumentList.Add("--runner");
        info.ArgumentList.Add("/nonexistent/letscode-runner");
        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("/nonexistent/letscode-runner", error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
