using LetsCode.Api.Background;
using LetsCode.Api.Cluster.Configuration;
using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Cluster.Queue;

/// <summary>
/// Closes the gap between PostgreSQL (the truth) and Redis (the queue): a row is committed before it is enqueued, so
/// a replica that dies in between, or a Redis that lost its data, leaves Queued rows with no stream entry. Every
/// interval the sweeper offers each Queued row older than the grace time to the idempotent enqueue script, which
/// adds only the ones without a live entry. Every replica may sweep at once: the script makes that harmless.
/// </summary>
public sealed class QueueSweeper(
    IDbContextFactory<LetsCodeDbContext> dbFactory,
    IClusterQueue queue,
    TimeProvider time,
    IOptions<ClusterOptions> options,
    ILogger<QueueSweeper> logger) : BackgroundService
{
    private const int PageSize = 500;

    /// <summary>One pass over the Queued rows; returns how many were missing from Redis and re-enqueued.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        // QueuedAt is Unix microseconds (SequenceClock): rows younger than the grace time are left to their intake.
        var horizon = (time.GetUtcNow() - options.Value.SweepGrace).ToUnixTimeMilliseconds() * 1000;
        var after = long.MinValue;
        var added = 0;
        while (true)
        {
            List<QueuedSubmission> page;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                page = await db.Submissions.AsNoTracking()
                    .Where(s => s.Status == SubmissionStatus.Queued && s.QueuedAt > after && s.QueuedAt < horizon)
                    .OrderBy(s => s.QueuedAt)
                    .Take(PageSize)
                    .Select(s => new QueuedSubmission(s.Id, s.Language, s.QueuedAt))
                    .ToListAsync(cancellationToken);
            }
            if (page.Count == 0)
            {
                break;
            }
            // Offered concurrently: the Redis client pipelines them on one connection.
            var results = await Task.WhenAll(page.Select(s => queue.EnqueueAsync(s, countArrival: false, cancellationToken)));
            foreach (var (submission, wasAdded) in page.Zip(results))
            {
                if (wasAdded)
                {
                    added++;
                    logger.LogWarning("Submission {Id} ({Language}) was Queued in PostgreSQL but missing from Redis; re-enqueued",
                        submission.Id, submission.Language);
                }
            }
            after = page[^1].Sequence;
        }
        return added;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Redis or PostgreSQL unavailable: the next pass catches up.
                logger.LogWarning(ex, "Queue sweep failed; retrying next interval");
            }
        }
        while (await timer.TickOrStopAsync(stoppingToken));
    }
}
