using LetsCode.Api.Background;
using LetsCode.Kubernetes.Client;
using LetsCode.Operator.Resources;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// Deletes custom runs whose waiter is gone (<see cref="AbandonedTestRuns"/>). <see cref="ClusterTestRunExecutor"/>
/// deletes each run it created once it has the result, gives up or is cancelled; a replica that crashes in the
/// meantime, or whose delete failed, leaves a run that would still wait for, take and run a sandbox pod for nobody.
/// <para>
/// Every <see cref="TestRunOptions.JanitorInterval"/> it reads the replica's Submission informer cache (no list call
/// to the API server) and deletes what the rule selects. Deleting a Submission that holds a pod is enough: the
/// operator's finalizer deletes its pods before letting the resource go (docs/operator.md, "Submission controller",
/// step 1), which also cancels the runner's exec.
/// </para>
/// <para>
/// Every replica runs one and they may sweep at the same moment: a delete is idempotent (the loser gets 404, "already
/// gone") and the rule depends only on the resource and the clock, so no leader election is needed. Failures are
/// logged and the run is tried again on the next pass; the host never stops because of this service.
/// </para>
/// </summary>
public sealed class TestRunJanitor(
    IResourceClient<Submission> client,
    SandboxInformers informers,
    IOptions<TestRunOptions> runOptions,
    TimeProvider time,
    ILogger<TestRunJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(5);

    private readonly TestRunOptions options = runOptions.Value;

    /// <summary>One pass; returns how many runs this call deleted (not those another replica deleted first).</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var observed = informers.Submissions.Cache.List(informers.Namespace);
        var abandoned = AbandonedTestRuns.Find(observed, time.GetUtcNow(), options.AbandonedAfter);
        var deleted = 0;
        foreach (var name in abandoned)
        {
            if (await DeleteAsync(name, cancellationToken))
            {
                deleted++;
            }
        }
        return deleted;
    }

    /// <summary>True if this call deleted it; false if it was already gone or the delete failed (retried next pass).</summary>
    private async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(DeleteTimeout);
        try
        {
            if (!await client.DeleteIfExistsAsync(informers.Namespace, name, cancellationToken: bounded.Token))
            {
                return false;
            }
            logger.LogInformation(
                "Deleted custom run {Name}: unfinished {AbandonedAfter} after its creation, when every waiter has given up",
                name, options.AbandonedAfter);
            return true;
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(ex, "Could not delete abandoned custom run {Name}; trying again next pass", name);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first pass waits one interval: the informer has listed by then, and a run abandoned by this replica's
        // predecessor is found as soon as it is old enough either way.
        using var timer = new PeriodicTimer(options.JanitorInterval, time);
        while (await timer.TickOrStopAsync(stoppingToken))
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // shutting down
            }
            catch (Exception ex)
            {
                // Anything unforeseen: a background clean-up must never stop the host (BackgroundService's default).
                logger.LogWarning(ex, "Custom-run janitor pass failed; retrying next interval");
            }
        }
    }
}
