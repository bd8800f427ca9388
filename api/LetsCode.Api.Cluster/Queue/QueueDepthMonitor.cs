using LetsCode.Api.Background;

namespace LetsCode.Api.Cluster.Queue;

/// <summary>Refreshes <see cref="QueueDepthGauge"/> from Redis every second (system_status and Retry-After read it).</summary>
public sealed class QueueDepthMonitor(IClusterQueue queue, QueueDepthGauge gauge, ILogger<QueueDepthMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            try
            {
                gauge.Set(await queue.DepthAsync(stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogDebug(ex, "Could not read the queue depth; keeping the last value");
            }
        }
        while (await timer.TickOrStopAsync(stoppingToken));
    }
}
