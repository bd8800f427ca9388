using Microsoft.Extensions.Hosting;

namespace LetsCode.Kubernetes.Simulator.Hosting;

/// <summary>
/// Keeps the embedded web host from taking over SIGTERM/SIGINT (the default console lifetime does): inside a test
/// process the simulator must not react to the host's signals; the standalone program handles them itself.
/// </summary>
internal sealed class NoConsoleLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
