using LetsCode.Kubernetes.Watch;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Hosting;
using LetsCode.Operator.Judging;

namespace LetsCode.Api.Cluster.Tests.Kubernetes.Support;

/// <summary>
/// The operator's controllers running in-process against the simulated sandbox namespace, with timings shortened for
/// tests; stopped (and awaited) on dispose.
/// </summary>
public sealed class InProcessOperator : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task run;

    private InProcessOperator(SandboxNamespace cluster, ITestSuiteSource suites)
    {
        var host = new OperatorHost(cluster.Api, new OperatorOptions
        {
            Namespace = SandboxNamespace.Namespace,
            PodReadyTimeout = TimeSpan.FromSeconds(20),
            WaitForPodInterval = TimeSpan.FromMilliseconds(200),
            QuotaRetryInterval = TimeSpan.FromMilliseconds(500),
        }, new OperatorHostSettings
        {
            TestSuites = suites,
            WatchOptions = new ResilientWatchOptions { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromSeconds(1) },
        });
        run = host.RunAsync(stop.Token);
    }

    public static InProcessOperator Start(SandboxNamespace cluster, ITestSuiteSource suites) => new(cluster, suites);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        stop.Dispose();
    }
}
