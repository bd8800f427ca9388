using LetsCode.Api.Executor;
using LetsCode.Judge.Judging;
using LetsCode.Judge.Model;
using LetsCode.Kubernetes.Client;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// Cluster mode's <see cref="ISubmissionExecutor"/>, used only by POST /api/test (judged submissions go through the
/// queue and the dispatcher; the embedded workers that would call an executor are removed). User code never runs in
/// the API pod: each run is a Submission resource ("run-" + guid, inline tests, spec.captureOutput) that the operator
/// judges in a sandbox pod like any other; the request waits for it through the replica's informer, reads the result
/// from its status and deletes it.
/// <para>
/// The wait is bounded (<see cref="TestRunOptions.Timeout"/>): with no pod in time the caller gets
/// <see cref="ExecutionUnavailableException"/> (503/504), never a hang. A caller that goes away (the request is
/// aborted) cancels the wait and the resource is deleted, which also frees the pod if it had one.
/// </para>
/// </summary>
public sealed class ClusterTestRunExecutor(
    IResourceClient<Submission> client,
    SandboxInformers informers,
    TestRunOptions options,
    ILogger<ClusterTestRunExecutor> logger) : ISubmissionExecutor, IDisposable
{
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim slots = new(Math.Max(1, options.MaxConcurrent));

    public async Task<JudgeResult> ExecuteAsync(ExecutionRequest request, IJudgeObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resource = TestRunResourceMapper.ToResource(request, TestRunResourceMapper.NewName(), informers.Namespace, options);
        if (!slots.Wait(0, CancellationToken.None))
        {
            throw new ExecutionUnavailableException(
                $"{options.MaxConcurrent} custom runs are already waiting for a sandbox on this replica", started: false, TimeSpan.FromSeconds(1));
        }
        try
        {
            var result = await RunAsync(resource, cancellationToken);
            await ReportAsync(result, observer);
            return result;
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<JudgeResult> RunAsync(Submission resource, CancellationToken cancellationToken)
    {
        var name = resource.Metadata.Name!;
        using var waiter = informers.TestRuns.Watch(name);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(options.Timeout);
        try
        {
            await client.CreateAsync(resource, bounded.Token);
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException)
        {
            // Quota on Submission objects, API server down, schema refusal: nothing was created, nothing to clean up.
            throw new ExecutionUnavailableException($"the sandbox job could not be created: {ex.Message}", started: false, TimeSpan.FromSeconds(5), ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await DeleteAsync(name); // the create may have landed just before the timeout
            throw Unavailable(name);
        }
        catch (OperationCanceledException)
        {
            await DeleteAsync(name);
            throw;
        }

        Submission finished;
        try
        {
            finished = await waiter.Finished.WaitAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var timedOut = Unavailable(name);
            await DeleteAsync(name);
            throw timedOut;
        }
        catch (OperationCanceledException)
        {
            // The client went away: nobody will read this result, so the pod is freed for someone who will.
            await DeleteAsync(name);
            throw;
        }

        await DeleteAsync(name);
        if (!SubmissionPhase.IsFinished(finished.Status?.Phase))
        {
            throw new ExecutionUnavailableException($"the sandbox job {name} was deleted before it finished", started: finished.Status?.Phase == SubmissionPhase.Running,
                TimeSpan.FromSeconds(1));
        }
        return TestRunResourceMapper.ToResult(finished);
    }

    /// <summary>503 if the run never got a pod (capacity), 504 if it was running when the wait ran out.</summary>
    private ExecutionUnavailableException Unavailable(string name)
    {
        var running = informers.Submissions.Cache.Get(informers.Namespace, name)?.Status?.Phase == SubmissionPhase.Running;
        var seconds = options.Timeout.TotalSeconds;
        return running
            ? new ExecutionUnavailableException($"the run did not finish within {seconds:0.#} s", started: true, TimeSpan.FromSeconds(5))
            : new ExecutionUnavailableException($"no sandbox became available within {seconds:0.#} s; try again shortly", started: false, TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// Best effort, never with the caller's token (it may be the one cancelled): a resource left behind unfinished is
    /// deleted by <see cref="TestRunJanitor"/> once nobody can be waiting for it, a finished one by the operator
    /// ttlSecondsAfterFinished after it finishes. The operator's finalizer removes the pod of a deleted run.
    /// </summary>
    private async Task DeleteAsync(string name)
    {
        try
        {
            using var timeout = new CancellationTokenSource(DeleteTimeout);
            await client.DeleteIfExistsAsync(informers.Namespace, name, cancellationToken: timeout.Token);
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not delete custom run {Name}; the janitor or, once it finishes, the operator's TTL removes it", name);
        }
    }

    /// <summary>The observer contract, after the fact: the status arrives whole, not test by test.</summary>
    private static async Task ReportAsync(JudgeResult result, IJudgeObserver? observer)
    {
        if (observer is null)
        {
            return;
        }
        await observer.CompiledAsync(result.Compile);
        for (var i = 0; i < result.Tests.Count; i++)
        {
            await observer.TestStartedAsync(i, result.Tests[i].Name);
            await observer.TestFinishedAsync(i, result.Tests[i]);
        }
    }

    public void Dispose() => slots.Dispose();
}
