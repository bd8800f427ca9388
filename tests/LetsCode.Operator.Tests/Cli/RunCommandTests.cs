using System.Net;
using System.Net.Sockets;
using LetsCode.Kubernetes.Simulator;
using LetsCode.Operator.Cli;
using LetsCode.Operator.Tests.Support;

namespace LetsCode.Operator.Tests.Cli;

public sealed class RunCommandTests
{
    /// <summary>The flags the Helm chart passes (docs/helm.md), against the simulator through a kubeconfig.</summary>
    [Fact]
    public async Task Run_with_the_charts_flags_reconciles_and_serves_probes_and_metrics()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"letscode-operator-{Guid.NewGuid():N}.kubeconfig");
        env.Simulator.WriteKubeconfig(kubeconfig);
        var (health, metrics) = (FreePort(), FreePort());
        using var stop = new CancellationTokenSource();
        var stderr = new StringWriter();
        var run = Task.Run(() => OperatorCli.RunAsync(
        [
            "run", "--kubeconfig", kubeconfig, $"--namespace={OperatorEnvironment.Namespace}", "--leader-elect=true",
            $"--leader-election-namespace={OperatorEnvironment.Namespace}", "--leader-election-lease=letscode-operator",
            "--leader-election-identity=test-pod-0", $"--health-port={health}", $"--metrics-port={metrics}", "--submission-workers=4",
            "--max-attempts=3", "--localhost-seccomp-profiles=false", "--seccomp-profile-directory=profiles/letscode",
            "--test-suite-endpoint=http://127.0.0.1:1/",
        ], TextWriter.Null, TextWriter.Synchronized(stderr), stop.Token));
        try
        {
            await env.CreatePoolAsync(min: 1, max: 2);
            await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 1, TimeSpan.FromSeconds(30),
                () => $"the CLI-run operator made no pod; its log:\n{stderr}");
            var pod = (await env.IdleReadyPodsAsync())[0];
            Assert.Equal("RuntimeDefault", pod.Spec!.SecurityContext!.SeccompProfile!.Type);

            using var http = new HttpClient();
            Assert.Equal("ok\n", await http.GetStringAsync($"http://127.0.0.1:{health}/healthz"));
            Assert.Equal("ok\n", await http.GetStringAsync($"http://127.0.0.1:{health}/readyz"));
            var exposition = await http.GetStringAsync($"http://127.0.0.1:{metrics}/metrics");
            // Other tests' operators in this process publish on the same Meter name, so only the series is asserted.
            Assert.Contains("letscode_operator_pods_created_total{kind=\"warm\",pool=\"python3\"} ", exposition);
            Assert.Contains("letscode_kubernetes_requests_total", exposition);
        }
        finally
        {
            await stop.CancelAsync();
            var code = await run.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(code == 0, $"exit {code}: {stderr}");
            File.Delete(kubeconfig);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
