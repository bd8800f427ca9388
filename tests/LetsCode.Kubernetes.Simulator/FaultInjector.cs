namespace LetsCode.Kubernetes.Simulator;

/// <summary>Misbehaviour on demand, for reliability tests.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly Random _random = new();
    private readonly HashSet<(string Verb, string Resource)> _denied = [];
    private double _errorRate;
    private int _errorStatusCode = 500;

    internal event Action? WatchesDropped;

    /// <summary>Share (0..1) of API requests answered with <see cref="ErrorStatusCode"/> instead of being served.</summary>
    public double ErrorRate
    {
        get { lock (_gate) return _errorRate; }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0.0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1.0);
            lock (_gate) _errorRate = value;
        }
    }

    /// <summary>500 (InternalError) or 429 (TooManyRequests, with Retry-After).</summary>
    public int ErrorStatusCode
    {
        get { lock (_gate) return _errorStatusCode; }
        set
        {
            if (value is not (500 or 429)) throw new ArgumentOutOfRangeException(nameof(value), value, "500 or 429");
            lock (_gate) _errorStatusCode = value;
        }
    }

    /// <summary>Added before every API request is served.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// Answers every <paramref name="verb"/> (create, get, list, watch, update, patch, delete, deletecollection) on
    /// <paramref name="resource"/> (a plural such as "networkpolicies", or "pods/exec", of any group) with 403
    /// Forbidden, as the API server does when the caller's RBAC role lacks that rule. Until <see cref="Allow"/>.
    /// </summary>
    public void Deny(string verb, string resource)
    {
        lock (_gate) _denied.Add((verb, resource));
    }

    public void Allow(string verb, string resource)
    {
        lock (_gate) _denied.Remove((verb, resource));
    }

    internal bool IsDenied(string verb, string resource)
    {
        lock (_gate) return _denied.Contains((verb, resource));
    }

    /// <summary>Closes every open watch stream abruptly (the connection is aborted, no final event).</summary>
    public void DropWatches() => WatchesDropped?.Invoke();

    internal int? NextInjectedError()
    {
        lock (_gate)
        {
            if (_errorRate <= 0 || _random.NextDouble() >= _errorRate) return null;
            return _errorStatusCode;
        }
    }
}
