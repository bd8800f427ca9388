using LetsCode.Api.Cluster.Configuration;
using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Live;
using LetsCode.Api.Storage.Entities;

namespace LetsCode.Api.Cluster.Dispatch;

/// <summary>
/// Turns one language's queue into Submission resources, only as fast as its sandbox pool allows. Runs on every
/// replica but acts only while holding the language's lease, so one dispatcher per language is active and the
/// capacity rule holds cluster-wide. Per entry: prepare (PostgreSQL), create the resource (idempotent by name),
/// mark the row Running, then acknowledge: a crash at any point leaves the entry pending, and whoever takes it over
/// repeats only the steps not yet done.
/// </summary>
public sealed class LanguageDispatcher(
    string language,
    IClusterQueue queue,
    DispatchLease lease,
    ISandboxCapacity capacity,
    ISubmissionResources resources,
    DispatchPreparer preparer,
    ILiveUpdates live,
    ClusterOptions options,
    TimeProvider time,
    ILogger logger)
{
    private readonly InFlightTracker inFlight = new(TimeSpan.FromSeconds(10));
    private readonly Queue<QueueEntry> backlog = new();
    private readonly HashSet<string> backlogIds = new(StringComparer.Ordinal);
    private bool leading;
    private DateTimeOffset nextClaim = DateTimeOffset.MinValue;

    public string Language => language;

    /// <summary>True while this replica holds the language's lease.</summary>
    public bool IsLeading => leading;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await StepAsync(stoppingToken);
                    failures = 0;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Redis or PostgreSQL unavailable, or the API server refused: back off and start over. Entries we
                    // hold stay pending in Redis, so nothing is lost; the backlog is re-read when we lead again.
                    failures++;
                    logger.LogWarning(ex, "Dispatcher for {Language} failed (attempt {Failures}); backing off", language, failures);
                    ResetLeadership();
                    await DelayAsync(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * (1 << Math.Min(failures, 6)))), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        finally
        {
            if (leading)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await lease.ReleaseAsync(timeout.Token);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    logger.LogDebug(ex, "Could not release the {Language} dispatcher lease; it expires on its own", language);
                }
            }
        }
    }

    /// <summary>One round: hold the lease, collect entries, dispatch as many as capacity allows.</summary>
    internal async Task StepAsync(CancellationToken cancellationToken)
    {
        if (!await lease.TryHoldAsync(cancellationToken))
        {
            ResetLeadership();
            await DelayAsync(options.Lease / 3, cancellationToken);
            return;
        }
        var now = time.GetUtcNow();
        if (!leading)
        {
            leading = true;
            await queue.EnsureGroupAsync(language, cancellationToken);
            // Our own earlier reads (a restart under the same consumer name) come first.
            AddToBacklog(await queue.ReadOwnPendingAsync(language, options.Consumer, cancellationToken));
            nextClaim = now;
        }
        if (now >= nextClaim)
        {
            AddToBacklog(await queue.ClaimAbandonedAsync(language, options.Consumer, options.ClaimIdle, cancellationToken));
            nextClaim = now + (options.ClaimIdle / 2);
        }

        var free = await FreeSlotsAsync(cancellationToken);
        if (free == 0)
        {
            await DelayAsync(options.CapacityPoll, cancellationToken);
            return;
        }
        if (backlog.Count == 0)
        {
            AddToBacklog(await queue.ReadNewAsync(language, options.Consumer, free, options.ReadBlock, cancellationToken));
        }
        while (free > 0 && backlog.Count > 0)
        {
            var batch = new List<QueueEntry>(free);
            while (batch.Count < free && backlog.TryDequeue(out var entry))
            {
                backlogIds.Remove(entry.EntryId);
                batch.Add(entry);
            }
            free -= await DispatchBatchAsync(batch, cancellationToken);
        }
    }

    /// <summary>
    /// Dispatches entries in arrival order: their database reads run concurrently, the creates one after another
    /// (so resources appear in queue order), the Running marks and acknowledgements concurrently again. Returns how
    /// many sandbox slots were taken. An entry whose step fails stays pending and is retried after a takeover or restart.
    /// </summary>
    private async Task<int> DispatchBatchAsync(IReadOnlyList<QueueEntry> batch, CancellationToken cancellationToken)
    {
        var plans = await Task.WhenAll(batch.Select(e => preparer.PrepareAsync(e.SubmissionId, cancellationToken)));
        var created = 0;
        var finishing = new List<Task>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (plans[i] is DispatchPlan.Create create)
            {
                var outcome = await resources.CreateAsync(create.Spec, cancellationToken);
                if (outcome == CreateOutcome.Created)
                {
                    inFlight.Created(create.Spec.Name, time.GetUtcNow());
                    created++;
                }
            }
            finishing.Add(FinishAsync(batch[i], plans[i], cancellationToken));
        }
        await Task.WhenAll(finishing);
        return created;
    }

    private async Task<int> FreeSlotsAsync(CancellationToken cancellationToken)
    {
        var pool = await capacity.GetAsync(language, cancellationToken);
        var active = await resources.ListActiveAsync(language, cancellationToken);
        var unfinished = resources.ListIncludesOwnCreates ? active.Count : inFlight.Count(active, time.GetUtcNow());
        return CapacityRule.Free(pool, unfinished);
    }

    /// <summary>After the resource exists (or none is needed): update the row, tell the user, acknowledge the entry.</summary>
    private async Task FinishAsync(QueueEntry entry, DispatchPlan plan, CancellationToken cancellationToken)
    {
        switch (plan)
        {
            case DispatchPlan.Create create:
                await preparer.MarkRunningAsync(entry.SubmissionId, create.TotalTests,
                    () => PublishAsync(create.Submission, new StatusUpdateData(entry.SubmissionId, nameof(SubmissionStatus.Running), 0, create.TotalTests, null, null)),
                    cancellationToken);
                break;
            case DispatchPlan.Reject reject:
                logger.LogWarning("Submission {Id} cannot be judged: {Message}", entry.SubmissionId, reject.Message);
                if (await preparer.MarkFailedAsync(entry.SubmissionId, reject.Message, cancellationToken))
                {
                    await PublishAsync(reject.Submission, new StatusUpdateData(entry.SubmissionId, nameof(SubmissionStatus.Failed), 0, 0, null,
                        new Contracts.VerdictDocument { Status = nameof(Judge.Model.Verdict.InternalError), Message = reject.Message }));
                }
                break;
            case DispatchPlan.NothingToDo nothing:
                logger.LogDebug("Queue entry for {Id} needs no resource ({Reason})", entry.SubmissionId, nothing.Reason);
                break;
        }
        await queue.AcknowledgeAsync(entry, cancellationToken);
    }

    private async Task PublishAsync(SubmissionEntity submission, StatusUpdateData data)
    {
        try
        {
            await live.PublishAsync(submission.UserId, LiveMessage.Status(data), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Live updates are best effort; the row is the truth and GET shows it.
            logger.LogDebug(ex, "Could not publish the live update of {Id}", submission.Id);
        }
    }

    private void AddToBacklog(IEnumerable<QueueEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (backlogIds.Add(entry.EntryId))
            {
                backlog.Enqueue(entry);
            }
        }
    }

    private void ResetLeadership()
    {
        leading = false;
        backlog.Clear();
        backlogIds.Clear();
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        Task.Delay(delay, time, cancellationToken);
}
