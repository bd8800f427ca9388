namespace LetsCode.Redis.Connection;

/// <summary>
/// "Decorrelated jitter" backoff (AWS architecture blog): each pause is random between the base delay and three
/// times the previous pause, capped. Replicas that lost Redis together therefore do not reconnect in lockstep.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly Random _random;
    private TimeSpan _previous;

    public ReconnectBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        if (baseDelay <= TimeSpan.Zero || maxDelay < baseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(baseDelay), "Need 0 < baseDelay <= maxDelay.");
        }

        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _random = random;
        _previous = baseDelay;
    }

    public TimeSpan Next()
    {
        var upper = Math.Min(_maxDelay.Ticks, _previous.Ticks * 3);
        var ticks = _baseDelay.Ticks + (long)(_random.NextDouble() * (upper - _baseDelay.Ticks));
        _previous = TimeSpan.FromTicks(Math.Min(ticks, _maxDelay.Ticks));
        return _previous;
    }

    public void Reset() => _previous = _baseDelay;
}
