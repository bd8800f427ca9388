namespace LetsCode.Kubernetes.Controllers;

/// <summary>
/// Per-key retry delays: base * 2^failures, capped (5 ms to 1000 s by default, as client-go's controller default),
/// until <see cref="Forget"/> after a success. Pure and deterministic, so its growth and cap are unit-tested.
/// </summary>
public sealed class ItemExponentialBackoff<TKey>(TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, int> _failures = [];

    public TimeSpan BaseDelay { get; } = baseDelay ?? TimeSpan.FromMilliseconds(5);
    public TimeSpan MaxDelay { get; } = maxDelay ?? TimeSpan.FromSeconds(1000);

    /// <summary>The delay for this key's next retry (and counts the failure).</summary>
    public TimeSpan When(TKey key)
    {
        int failures;
        lock (_gate)
        {
            _failures.TryGetValue(key, out failures);
            _failures[key] = failures + 1;
        }

        var ticks = BaseDelay.Ticks * Math.Pow(2, Math.Min(failures, 62));
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public int NumRequeues(TKey key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    public void Forget(TKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }
}
