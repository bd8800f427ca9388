using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Diagnostics;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Watch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsCode.Kubernetes.Informers;

/// <summary>
/// Keeps an <see cref="InformerCache{T}"/> in sync with the server (list, then watch, through a
/// <see cref="ResilientWatcher{T}"/>) and tells handlers what changed. After a relist, objects that vanished while
/// the watch was down are reported deleted, and changed ones updated, so handlers never miss a transition's end state.
/// </summary>
public sealed class Informer<T> : IWatchSink<T>
    where T : class, IKubernetesObject
{
    private readonly ResilientWatcher<T> _watcher;
    private readonly ILogger _logger;
    private readonly Lock _handlersGate = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IResourceEventHandler<T>[] _handlers = [];

    public Informer(
        IResourceClient<T> client,
        ResilientWatchOptions? options = null,
        KubernetesMetrics? metrics = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = factory.CreateLogger<Informer<T>>();
        _watcher = new ResilientWatcher<T>(client, options, metrics, factory.CreateLogger<ResilientWatcher<T>>(), timeProvider);
        Type = client.Type;
    }

    public ResourceType<T> Type { get; }

    public InformerCache<T> Cache { get; } = new();

    /// <summary>True once the first list is in the cache: before that, "not in the cache" does not mean "does not exist".</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The watcher's current resourceVersion and list count (for diagnostics and tests).</summary>
    public string? ResourceVersion => _watcher.ResourceVersion;

    public int ListCount => _watcher.ListCount;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Adds a handler; it first receives OnAdd for everything already cached, as client-go does.</summary>
    public void AddHandler(IResourceEventHandler<T> handler)
    {
        lock (_handlersGate)
        {
            _handlers = [.. _handlers, handler];
            foreach (var value in Cache.List())
            {
                Dispatch(handler, h => h.OnAdd(value));
            }
        }
    }

    /// <summary>Runs until cancelled. Failures inside are logged, counted and retried, never fatal.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _watcher.RunAsync(this, cancellationToken);

    void IWatchSink<T>.Replace(IReadOnlyList<T> items, string? resourceVersion)
    {
        lock (_handlersGate)
        {
            var seen = new HashSet<ObjectKey>();
            foreach (var item in items)
            {
                seen.Add(ObjectKey.Of(item));
                Upsert(item);
            }

            foreach (var key in Cache.Keys().Where(key => !seen.Contains(key)))
            {
                if (Cache.Remove(key) is { } removed)
                {
                    Notify(h => h.OnDelete(removed));
                }
            }
        }

        _synced.TrySetResult();
    }

    void IWatchSink<T>.Apply(WatchEvent<T> watchEvent)
    {
        if (watchEvent.Object is not { } value)
        {
            return;
        }

        lock (_handlersGate)
        {
            switch (watchEvent.Type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    Upsert(value);
                    break;
                case WatchEventType.Deleted:
                    var removed = Cache.Remove(ObjectKey.Of(value));
                    Notify(h => h.OnDelete(removed ?? value));
                    break;
            }
        }
    }

    private void Upsert(T value)
    {
        var previous = Cache.Upsert(value);
        if (previous is null)
        {
            Notify(h => h.OnAdd(value));
        }
        else if (previous.Metadata.ResourceVersion != value.Metadata.ResourceVersion)
        {
            Notify(h => h.OnUpdate(previous, value));
        }
    }

    private void Notify(Action<IResourceEventHandler<T>> action)
    {
        foreach (var handler in _handlers)
        {
            Dispatch(handler, action);
        }
    }

    private void Dispatch(IResourceEventHandler<T> handler, Action<IResourceEventHandler<T>> action)
    {
        try
        {
            action(handler);
        }
        catch (Exception e)
        {
            // A failing handler must not stop the informer (and with it every other handler).
            _logger.LogError(e, "A {Kind} event handler threw", Type.Descriptor.Kind);
        }
    }
}
