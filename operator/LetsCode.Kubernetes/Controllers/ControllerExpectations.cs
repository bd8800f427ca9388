namespace LetsCode.Kubernetes.Controllers;

/// <summary>
/// Creations and deletions a controller has issued but not yet seen in its informer cache (the ReplicaSet
/// controller's "expectations"). The cache lags the API; a reconcile that counts pods from the cache right after
/// creating some would see too few and create again: the over-creation bug agent-sandbox hit. So: record
/// <see cref="ExpectCreations"/> before creating, call <see cref="CreationObserved"/> from the informer's add handler
/// (and <see cref="CreationFailed"/> when a create call fails), and only act on counts when <see cref="IsSatisfied"/>.
/// Expectations older than <see cref="Timeout"/> count as satisfied, so a lost event cannot wedge a controller.
/// </summary>
public sealed class ControllerExpectations<TKey>(TimeProvider? timeProvider = null, TimeSpan? timeout = null)
    where TKey : notnull
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, Record> _records = [];

    public TimeSpan Timeout { get; } = timeout ?? TimeSpan.FromMinutes(5);

    public void ExpectCreations(TKey key, int count) => Change(key, count, 0);

    public void ExpectDeletions(TKey key, int count) => Change(key, 0, count);

    public void CreationObserved(TKey key) => Change(key, -1, 0, onlyIfPresent: true);

    /// <summary>The create call failed, so its object will never be observed.</summary>
    public void CreationFailed(TKey key) => CreationObserved(key);

    public void DeletionObserved(TKey key) => Change(key, 0, -1, onlyIfPresent: true);

    public void DeletionFailed(TKey key) => DeletionObserved(key);

    /// <summary>True when nothing is pending for the key (or what is pending is older than <see cref="Timeout"/>).</summary>
    public bool IsSatisfied(TKey key)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(key, out var record))
            {
                return true;
            }

            return (record.Adds <= 0 && record.Deletes <= 0) || _time.GetUtcNow() - record.Since > Timeout;
        }
    }

    public (int Adds, int Deletes) Pending(TKey key)
    {
        lock (_gate)
        {
            return _records.TryGetValue(key, out var record) ? (record.Adds, record.Deletes) : (0, 0);
        }
    }

    /// <summary>Forget the key (its owner was deleted).</summary>
    public void Delete(TKey key)
    {
        lock (_gate)
        {
            _records.Remove(key);
        }
    }

    private void Change(TKey key, int adds, int deletes, bool onlyIfPresent = false)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(key, out var record))
            {
                if (onlyIfPresent)
                {
                    return;
                }

                record = new Record(0, 0, _time.GetUtcNow());
            }

            var now = _time.GetUtcNow();
            var since = adds > 0 || deletes > 0 ? now : record.Since;
            // Clamped at zero: objects created by someone else must not pre-pay for our next creates.
            _records[key] = new Record(Math.Max(0, record.Adds + adds), Math.Max(0, record.Deletes + deletes), since);
        }
    }

    private sealed record Record(int Adds, int Deletes, DateTimeOffset Since);
}
