using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Config;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Simulator;

namespace LetsCode.Kubernetes.Tests.Support;

/// <summary>One simulator per test class; each test works in its own namespace.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    private KubernetesSimulator? _simulator;

    public KubernetesSimulator Simulator => _simulator ?? throw new InvalidOperationException("Not started.");

    public ExecHandlers ExecHandler { get; } = new();

    public async Task InitializeAsync()
    {
        _simulator = await KubernetesSimulator.StartAsync(new SimulatorOptions
        {
            PodStartDelay = TimeSpan.FromMilliseconds(50),
            ExecHandler = ExecHandler,
            WatchWindow = 10_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    /// <summary>A client configured the way the operator is: from the kubeconfig the simulator writes.</summary>
    public KubernetesApiClient CreateClient(KubernetesClientOptions? options = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"letscode-k8s-{Guid.NewGuid():N}.kubeconfig");
        Simulator.WriteKubeconfig(path);
        try
        {
            return new KubernetesApiClient(KubeconfigLoader.Load(path), options);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static async Task<string> CreateNamespaceAsync(KubernetesApiClient client)
    {
        var name = $"t-{Guid.NewGuid():N}"[..14];
        await client.For(KubernetesResources.Namespaces).CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = name } });
        return name;
    }
}

/// <summary>The simulator's exec handler for tests: "cat" copies stdin to stdout, "exit N" writes to stderr and returns N.</summary>
public sealed class ExecHandlers : IExecHandler
{
    public async Task<int> ExecAsync(ExecContext context, CancellationToken cancellationToken)
    {
        switch (context.Command[0])
        {
            case "cat":
                await context.Stdin.CopyToAsync(context.Stdout, cancellationToken);
                return 0;
            case "exit":
                await context.Stderr.WriteAsync("exiting\n"u8.ToArray(), cancellationToken);
                return int.Parse(context.Command[1], System.Globalization.CultureInfo.InvariantCulture);
            case "sleep":
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            case "echo":
                await context.Stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(string.Join(' ', context.Command.Skip(1)) + "\n"), cancellationToken);
                return 0;
            default:
                await context.Stderr.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"{context.Command[0]}: not found\n"), cancellationToken);
                return 127;
        }
    }
}
