using LetsCode.Api.Background;
using LetsCode.Api.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Storage;

/// <summary>
/// Deletes test data no problem uses any more. Tests are replaced or deleted as rows; their blobs stay behind in the
/// store (content-addressed, possibly shared), so every interval this lists the blobs last stored before now minus
/// the grace period, reads which hashes the problem tests reference, and deletes the rest
/// (<see cref="TestDataCollectionRule"/> decides; this class only does the I/O). It works on whatever
/// <see cref="ITestDataStore"/> is registered: the file store in embedded mode, PostgreSQL in cluster mode.
/// <para>
/// Why the grace period: a blob is stored before the test row that names it is saved (an upload is streamed to the
/// store, then the row is written), so for a moment every new blob is unreferenced, and for the length of an upload
/// its partial write is too. Only blobs last stored longer ago than the grace are candidates, and a put of content
/// already stored stamps it as stored again, so an upload, new or deduplicated, has the whole grace to be saved as a
/// reference. The store re-checks the stored time when it deletes, atomically with the delete, so a put that lands
/// between this pass's listing and its delete keeps the blob (or stores it anew). The same grace covers jobs planned
/// against a suite that has since been replaced, for blobs stored within it: embedded judging reads a job's blobs
/// while it runs, so a blob stored before the grace and unreferenced in the middle of that job can be deleted under
/// it (the job then fails on missing test data and may be judged again). Cluster jobs fetch their suite through the
/// internal endpoint, which serves only a problem's current suite, so a replaced suite is gone for them regardless.
/// </para>
/// <para>
/// Every replica may run it at once: listing and reading are harmless, and a delete that finds the blob gone
/// (another replica took it) is a no-op, so each blob is counted by exactly one of them. A failed pass is logged and
/// retried at the next interval; it never stops the host.
/// </para>
/// </summary>
public sealed class TestDataCollector(
    ITestDataStore store,
    IDbContextFactory<LetsCodeDbContext> dbFactory,
    TimeProvider time,
    IOptions<TestDataCollectionOptions> options,
    ILogger<TestDataCollector> logger) : BackgroundService
{
    /// <summary>One pass: lists, decides, deletes. Throws when the store or the database fails as a whole.</summary>
    public async Task<TestDataCollectionResult> CollectOnceAsync(CancellationToken cancellationToken)
    {
        var rule = new TestDataCollectionRule(options.Value.Grace);
        var now = time.GetUtcNow();
        var cutoff = rule.CutoffAt(now);
        var stored = await store.ListStoredBeforeAsync(cutoff, cancellationToken);
        // Read after the listing, so they are as fresh as possible when the deletes start; a reference saved later is
        // to a blob put later, which the store's own re-check of the stored time keeps.
        var referenced = stored.Count == 0
            ? new HashSet<string>(StringComparer.Ordinal)
            : await ReadReferencedHashesAsync(cancellationToken);
        var garbage = rule.SelectForDeletion(stored, referenced, now);

        var blobs = 0;
        var failures = 0;
        long bytes = 0;
        foreach (var blob in garbage)
        {
            try
            {
                if (await store.DeleteIfStoredBeforeAsync(blob.Sha256, cutoff, cancellationToken))
                {
                    blobs++;
                    bytes += blob.Bytes;
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One blob that cannot be deleted must not keep the others: it stays a candidate for the next pass.
                if (failures++ == 0)
                {
                    logger.LogWarning(ex, "Could not delete test data blob {Sha256}; retrying next pass", blob.Sha256);
                }
            }
        }
        var abandonedBytes = await store.RemoveAbandonedWritesAsync(cutoff, cancellationToken);

        var result = new TestDataCollectionResult(blobs, bytes, abandonedBytes, failures);
        var level = result == TestDataCollectionResult.Nothing ? LogLevel.Debug : LogLevel.Information;
        logger.Log(level,
            "Test data collection removed {Blobs} unreferenced blobs ({Bytes} bytes) stored before {Cutoff:O} and {AbandonedBytes} bytes of abandoned uploads; {Failures} deletions failed",
            result.Blobs, result.Bytes, cutoff, result.AbandonedBytes, result.Failures);
        return result;
    }

    /// <summary>One pass whose failure is logged rather than thrown; null when it failed.</summary>
    public async Task<TestDataCollectionResult?> TryCollectOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CollectOnceAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The store or the database is unavailable: the next interval tries again.
            logger.LogWarning(ex, "Test data collection failed; retrying next interval");
            return null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("Test data collection is disabled ({Section}:Enabled=false)", TestDataCollectionOptions.Section);
            return;
        }
        // The first pass waits one interval: start-up is busy enough, and nothing old is urgent.
        using var timer = new PeriodicTimer(settings.Interval, time);
        while (await timer.TickOrStopAsync(stoppingToken))
        {
            await TryCollectOnceAsync(stoppingToken);
        }
    }

    private async Task<HashSet<string>> ReadReferencedHashesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hashes = await db.ProblemTests.Select(t => t.InputHash)
            .Union(db.ProblemTests.Select(t => t.OutputHash))
            .ToListAsync(cancellationToken);
        return hashes.ToHashSet(StringComparer.Ordinal);
    }
}
