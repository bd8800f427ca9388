using System.Diagnostics;
using LetsCode.Kubernetes.Diagnostics;
using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsCode.Kubernetes.Controllers;

/// <summary>
/// Runs a reconciler like controller-runtime: informers feed keys into a <see cref="WorkQueue{TKey}"/>, N workers
/// take keys and reconcile them. Errors and Requeue go back with per-key exponential backoff, RequeueAfter at the
/// asked time, success forgets the backoff. Each <see cref="RunAsync"/> (for example each term as leader) starts
/// with a fresh queue holding every cached key, since while not running nothing was reconciled.
/// </summary>
public sealed class ControllerRunner
{
    private readonly IReconciler _reconciler;
    private readonly ControllerOptions _options;
    private readonly KubernetesMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly List<Func<IEnumerable<ObjectKey>>> _initialKeys = [];
    private readonly List<Func<CancellationToken, Task>> _syncWaits = [];
    private readonly Lock _gate = new();
    private WorkQueue<ObjectKey>? _queue;

    public ControllerRunner(
        string name,
        IReconciler reconciler,
        ControllerOptions? options = null,
        KubernetesMetrics? metrics = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        Name = name;
        _reconciler = reconciler;
        _options = options ?? new ControllerOptions();
        _metrics = metrics ?? new KubernetesMetrics();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ControllerRunner>();
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Name { get; }

    /// <summary>Reconciles the object's own key on every change of <paramref name="informer"/> (the primary kind).</summary>
    public ControllerRunner Watches<T>(Informer<T> informer)
        where T : class, IKubernetesObject =>
        Watches(informer, value => [ObjectKey.Of(value)], includeCached: true);

    /// <summary>
    /// Reconciles the owner of each changed <paramref name="informer"/> object: the ownerReference with
    /// controller=true and the given kind (like controller-runtime's Owns()). The owner is in the object's namespace.
    /// </summary>
    public ControllerRunner Owns<T>(Informer<T> informer, string ownerKind)
        where T : class, IKubernetesObject =>
        Watches(informer, value => OwnerKeys(value, ownerKind), includeCached: false);

    /// <summary>Reconciles the keys <paramref name="map"/> returns for each changed object.</summary>
    public ControllerRunner Watches<T>(Informer<T> informer, Func<T, IEnumerable<ObjectKey>> map, bool includeCached = false)
        where T : class, IKubernetesObject
    {
        informer.AddHandler(ResourceEventHandler<T>.ForAny(value =>
        {
            foreach (var key in map(value))
            {
                Enqueue(key);
            }
        }));
        _syncWaits.Add(informer.WaitForSyncAsync);
        if (includeCached)
        {
            _initialKeys.Add(() => informer.Cache.List().SelectMany(map));
        }

        return this;
    }

    /// <summary>Queues a key now (ignored while the controller is not running).</summary>
    public void Enqueue(ObjectKey key) => CurrentQueue()?.Add(key);

    public void EnqueueAfter(ObjectKey key, TimeSpan delay) => CurrentQueue()?.AddAfter(key, delay);

    /// <summary>Waits for the informers' first lists, then reconciles until cancelled; returns once the workers stopped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var wait in _syncWaits)
        {
            await wait(cancellationToken).ConfigureAwait(false);
        }

        using var queue = new WorkQueue<ObjectKey>(Name,
            new ItemExponentialBackoff<ObjectKey>(_options.BackoffBase, _options.BackoffMax), _time, _metrics);
        lock (_gate)
        {
            _queue = queue;
        }

        using var stop = cancellationToken.Register(queue.ShutDown);
        try
        {
            foreach (var keys in _initialKeys)
            {
                foreach (var key in keys())
                {
                    queue.Add(key);
                }
            }

            _logger.LogInformation("Controller {Controller} started with {Workers} workers", Name, _options.Workers);
            var workers = Enumerable.Range(0, Math.Max(1, _options.Workers)).Select(_ => Task.Run(() => WorkAsync(queue, cancellationToken), CancellationToken.None));
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_queue, queue))
                {
                    _queue = null;
                }
            }

            _logger.LogInformation("Controller {Controller} stopped", Name);
        }
    }

    private WorkQueue<ObjectKey>? CurrentQueue()
    {
        lock (_gate)
        {
            return _queue;
        }
    }

    private async Task WorkAsync(WorkQueue<ObjectKey> queue, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (key, shutDown) = await queue.GetAsync(CancellationToken.None).ConfigureAwait(false);
            if (shutDown)
            {
                return;
            }

            try
            {
                await ReconcileOneAsync(queue, key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    private async Task ReconcileOneAsync(WorkQueue<ObjectKey> queue, ObjectKey key, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ReconcileTimeout);
        try
        {
            var result = await _reconciler.ReconcileAsync(key, timeout.Token).ConfigureAwait(false);
            if (result.RequeueAfter is { } after && after > TimeSpan.Zero)
            {
                queue.Forget(key);
                queue.AddAfter(key, after);
                _metrics.RecordReconcile(Name, "requeue_after", Stopwatch.GetElapsedTime(started));
            }
            else if (result.Requeue)
            {
                queue.AddRateLimited(key);
                _metrics.RecordReconcile(Name, "requeue", Stopwatch.GetElapsedTime(started));
            }
            else
            {
                queue.Forget(key);
                _metrics.RecordReconcile(Name, "success", Stopwatch.GetElapsedTime(started));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping (leadership lost or shutdown): whoever runs next reconciles everything again.
        }
        catch (Exception e)
        {
            _metrics.RecordReconcile(Name, "error", Stopwatch.GetElapsedTime(started));
            _logger.LogWarning(e, "Reconcile of {Key} in {Controller} failed (attempt {Attempt}); retrying with backoff",
                key, Name, queue.NumRequeues(key) + 1);
            queue.AddRateLimited(key);
        }
    }

    private static IEnumerable<ObjectKey> OwnerKeys(IKubernetesObject value, string ownerKind)
    {
        foreach (var owner in value.Metadata.OwnerReferences ?? [])
        {
            if (owner.Controller == true && owner.Kind == ownerKind && owner.Name is { Length: > 0 } name)
            {
                yield return new ObjectKey(value.Metadata.Namespace ?? "", name);
            }
        }
    }
}
