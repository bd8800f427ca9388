using System.Runtime.CompilerServices;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Tests.Support;

/// <summary>
/// Passes every call to the real client, but can hold new watch (and optionally all) requests at a gate, so a test
/// can change the server while the watcher is disconnected, deterministically. It can also fail calls on demand.
/// </summary>
public sealed class GatedResourceClient<T>(IResourceClient<T> inner) : IResourceClient<T>
    where T : class, IKubernetesObject
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _open = Completed();
    private int _waitingWatches;
    private int _watchCalls;

    public ResourceType<T> Type => inner.Type;

    /// <summary>While set, every call throws this (a partitioned client).</summary>
    public Exception? FailWith { get; set; }

    /// <summary>While set, replaces (lease renewals) hang until cancelled: a server that stopped answering.</summary>
    public bool HangReplaces { get; set; }

    public int WaitingWatches => Volatile.Read(ref _waitingWatches);

    public int WatchCalls => Volatile.Read(ref _watchCalls);

    public void Close()
    {
        lock (_gate)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Open()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    private static TaskCompletionSource Completed()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }

    private void Check()
    {
        if (FailWith is { } failure)
        {
            throw failure;
        }
    }

    public Task<T> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.GetAsync(@namespace, name, cancellationToken);
    }

    public Task<KubernetesList<T>> ListAsync(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.ListAsync(@namespace, options, cancellationToken);
    }

    public Task<T> CreateAsync(T value, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.CreateAsync(value, cancellationToken);
    }

    public async Task<T> ReplaceAsync(T value, CancellationToken cancellationToken = default)
    {
        Check();
        if (HangReplaces)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return await inner.ReplaceAsync(value, cancellationToken);
    }

    public Task<T> PatchAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.PatchAsync(@namespace, name, patch, cancellationToken);
    }

    public Task DeleteAsync(string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.DeleteAsync(@namespace, name, options, cancellationToken);
    }

    public Task<T> GetStatusAsync(string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.GetStatusAsync(@namespace, name, cancellationToken);
    }

    public Task<T> ReplaceStatusAsync(T value, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.ReplaceStatusAsync(value, cancellationToken);
    }

    public Task<T> PatchStatusAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.PatchStatusAsync(@namespace, name, patch, cancellationToken);
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(
        string? @namespace, WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _watchCalls);
        Task open;
        lock (_gate)
        {
            open = _open.Task;
        }

        Interlocked.Increment(ref _waitingWatches);
        try
        {
            await open.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waitingWatches);
        }

        Check();
        await foreach (var item in inner.WatchAsync(@namespace, options, cancellationToken))
        {
            yield return item;
        }
    }
}
