using LetsCode.Api.Cluster.Dispatch;

namespace LetsCode.Api.Cluster.Status;

/// <summary>
/// Follows every Submission resource's status and records it. The feed is level-triggered (it starts with the
/// current state of everything), so after any failure (PostgreSQL down, the watch broken) the sync simply starts the
/// feed again and re-records: the recorder's writes are idempotent.
/// </summary>
public sealed class StatusSync(IServiceProvider services, StatusRecorder recorder, ILogger<StatusSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var resources = services.GetService<ISubmissionResources>() ?? throw new InvalidOperationException(
            "Cluster mode needs an ISubmissionResources (Submission custom resources client) registered before the host starts.");
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var status in resources.WatchAsync(stoppingToken))
                {
                    await recorder.RecordAsync(status, stoppingToken);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                logger.LogWarning(ex, "Status sync failed (attempt {Failures}); restarting the feed", failures);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * (1 << Math.Min(failures, 6)))), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
