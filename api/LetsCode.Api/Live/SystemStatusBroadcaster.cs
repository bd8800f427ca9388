using LetsCode.Api.Configuration;
using LetsCode.Api.Queue;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Live;

/// <summary>Sends system_status to every connection every few seconds.</summary>
public sealed class SystemStatusBroadcaster(
    ILiveUpdates live, ISubmissionQueue queue, WorkerActivity activity, IOptions<LetsCodeOptions> options) : BackgroundService
{
    public SystemStatusData Snapshot() => new(
        queue.Depth, activity.ActiveWorkers, Math.Round(activity.AverageExecutionMs, 1), options.Value.EffectiveWorkers);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.1, options.Value.SystemStatusIntervalSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await live.BroadcastAsync(LiveMessage.System(Snapshot()), stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }
}
