namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>Runs the <see cref="SandboxInformers"/> for the life of the host.</summary>
public sealed class SandboxInformersService(SandboxInformers informers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await informers.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }
}
