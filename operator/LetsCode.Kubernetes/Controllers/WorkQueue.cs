using LetsCode.Kubernetes.Diagnostics;

namespace LetsCode.Kubernetes.Controllers;

/// <summary>
/// The controller work queue, with client-go's guarantees:
/// a key added many times before a worker takes it is processed once (dedupe);
/// a key is never handed to two workers at once; if it is added while being processed it is queued again when the
/// worker calls <see cref="Done"/>, so the change is not lost;
/// <see cref="AddRateLimited"/> retries with per-key exponential backoff until <see cref="Forget"/>;
/// <see cref="AddAfter"/> delays an add (requeue-after); several pending delays for one key keep the earliest.
/// </summary>
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, DateTimeOffset> _waiting = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ItemExponentialBackoff<TKey> _backoff;
    private readonly TimeProvider _time;
    private readonly KubernetesMetrics? _metrics;

    public WorkQueue(string name, ItemExponentialBackoff<TKey>? backoff = null, TimeProvider? timeProvider = null, KubernetesMetrics? metrics = null)
    {
        Name = name;
        _backoff = backoff ?? new ItemExponentialBackoff<TKey>();
        _time = timeProvider ?? TimeProvider.System;
        _metrics = metrics;
    }

    public string Name { get; }

    public bool IsShutDown => _shutdown.IsCancellationRequested;

    /// <summary>Keys waiting for a worker (not counting those in process or delayed).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (IsShutDown || !_dirty.Add(key))
            {
                return;
            }

            _metrics?.RecordWorkQueueAdd(Name);
            if (_processing.Contains(key))
            {
                // Done() queues it again: one worker per key at a time.
                return;
            }

            _queue.Enqueue(key);
        }

        _available.Release();
    }

    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        var readyAt = _time.GetUtcNow() + delay;
        lock (_gate)
        {
            if (IsShutDown || (_waiting.TryGetValue(key, out var existing) && existing <= readyAt))
            {
                return;
            }

            _waiting[key] = readyAt;
        }

        _ = FireLaterAsync(key, readyAt, delay);
    }

    /// <summary>Re-adds after this key's next backoff delay.</summary>
    public void AddRateLimited(TKey key)
    {
        _metrics?.RecordWorkQueueRetry(Name);
        AddAfter(key, _backoff.When(key));
    }

    /// <summary>Stops the backoff growth for a key (call after it was processed successfully).</summary>
    public void Forget(TKey key) => _backoff.Forget(key);

    public int NumRequeues(TKey key) => _backoff.NumRequeues(key);

    /// <summary>
    /// The next key to process, or ShutDown=true once the queue is shut down. Call <see cref="Done"/> when finished.
    /// </summary>
    public async Task<(TKey Key, bool ShutDown)> GetAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        while (true)
        {
            try
            {
                await _available.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_shutdown.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return (default!, true);
            }

            lock (_gate)
            {
                if (IsShutDown)
                {
                    return (default!, true);
                }

                if (_queue.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    return (key, false);
                }
            }
        }
    }

    public void Done(TKey key)
    {
        var requeue = false;
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key) && !IsShutDown)
            {
                _queue.Enqueue(key);
                requeue = true;
            }
        }

        if (requeue)
        {
            _available.Release();
        }
    }

    /// <summary>Stops handing out keys: GetAsync returns null, adds are ignored, pending delays are dropped.</summary>
    public void ShutDown() => _shutdown.Cancel();

    private async Task FireLaterAsync(TKey key, DateTimeOffset readyAt, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            // A later, earlier-firing AddAfter replaced this one (and fired already): nothing to do.
            if (!_waiting.TryGetValue(key, out var current) || current != readyAt)
            {
                return;
            }

            _waiting.Remove(key);
        }

        Add(key);
    }

    public void Dispose()
    {
        // Timers of pending AddAfter calls may still observe the token; they end on the cancellation itself.
        ShutDown();
    }
}
