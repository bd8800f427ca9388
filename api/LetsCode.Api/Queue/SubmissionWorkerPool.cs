using LetsCode.Api.Configuration;
using LetsCode.Api.Processing;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Queue;

/// <summary>N workers (default: one per core), each taking the next submission id and judging it to the end.</summary>
public sealed class SubmissionWorkerPool(
    ISubmissionQueue queue,
    SubmissionProcessor processor,
    WorkerActivity activity,
    IOptions<LetsCodeOptions> options,
    ILogger<SubmissionWorkerPool> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = options.Value.EffectiveWorkers;
        logger.LogInformation("Starting {Workers} judge workers", workers);
        return Task.WhenAll(Enumerable.Range(0, workers).Select(i => Task.Run(() => WorkAsync(i, stoppingToken), CancellationToken.None)));
    }

    private async Task WorkAsync(int worker, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Guid id;
            try
            {
                id = await queue.DequeueAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            activity.Started();
            try
            {
                await processor.ProcessAsync(id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down mid-judge: the row stays Running and is queued again at the next start.
                return;
            }
            catch (Exception ex)
            {
                // Processing records its own failures; reaching here means storage itself failed. The row is left as
                // is and recovered at the next start rather than guessed at now.
                logger.LogError(ex, "Worker {Worker} failed on submission {Id}", worker, id);
            }
            finally
            {
                activity.Finished();
            }
        }
    }
}
