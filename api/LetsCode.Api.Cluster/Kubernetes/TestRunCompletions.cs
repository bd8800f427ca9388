using LetsCode.Kubernetes.Informers;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// Lets a request wait for one Submission resource (a custom run) to finish, through the replica's Submission
/// informer: no polling and no extra watch per request. One informer handler for the informer's lifetime (it cannot
/// drop handlers); waiters come and go below it, keyed by resource name.
/// </summary>
public sealed class TestRunCompletions
{
    private readonly Lock gate = new();
    private readonly Informer<Submission> informer;
    private readonly string @namespace;
    private readonly Dictionary<string, TaskCompletionSource<Submission>> waiting = new(StringComparer.Ordinal);

    public TestRunCompletions(Informer<Submission> informer, string @namespace)
    {
        this.informer = informer;
        this.@namespace = @namespace;
        informer.AddHandler(new ResourceEventHandler<Submission>(
            onAdd: Offer,
            onUpdate: (_, current) => Offer(current),
            onDelete: Deleted));
    }

    /// <summary>Waiters currently registered (for tests and diagnostics).</summary>
    public int WaiterCount
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    /// <summary>
    /// Starts waiting for <paramref name="name"/>; register BEFORE creating the resource, so no state can slip past.
    /// The task completes with the finished resource, or with its last state if it is deleted before finishing.
    /// </summary>
    public Waiter Watch(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var completion = new TaskCompletionSource<Submission>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (!waiting.TryAdd(name, completion))
            {
                throw new InvalidOperationException($"someone already waits for {name}");
            }
        }
        // A state the informer delivered before we registered (a retried name) is in the cache.
        if (informer.Cache.Get(@namespace, name) is { } cached && SubmissionPhase.IsFinished(cached.Status?.Phase))
        {
            completion.TrySetResult(cached);
        }
        return new Waiter(this, name, completion.Task);
    }

    private void Offer(Submission resource)
    {
        if (SubmissionPhase.IsFinished(resource.Status?.Phase))
        {
            Complete(resource);
        }
    }

    /// <summary>A deletion ends the wait whatever the phase: the resource will not change any more.</summary>
    private void Deleted(Submission resource) => Complete(resource);

    private void Complete(Submission resource)
    {
        if (resource.Metadata.Namespace != @namespace || resource.Metadata.Name is not { } name)
        {
            return;
        }
        TaskCompletionSource<Submission>? completion;
        lock (gate)
        {
            completion = waiting.GetValueOrDefault(name);
        }
        completion?.TrySetResult(resource);
    }

    private void Remove(string name)
    {
        lock (gate)
        {
            waiting.Remove(name);
        }
    }

    /// <summary>One registered wait; dispose to unregister.</summary>
    public sealed class Waiter(TestRunCompletions owner, string name, Task<Submission> finished) : IDisposable
    {
        /// <summary>The finished resource, or its last state if it was deleted first.</summary>
        public Task<Submission> Finished { get; } = finished;

        public void Dispose() => owner.Remove(name);
    }
}
