namespace LetsCode.Kubernetes.Watch;

/// <summary>
/// Reconnect delays: doubling from <c>initial</c> to <c>max</c>, each with up to +-<c>jitter</c> randomness so
/// that many clients cut off together (an API server restart) do not reconnect in lock step.
/// </summary>
public sealed class ExponentialBackoff(TimeSpan initial, TimeSpan max, double jitter = 0.2, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;
    private int _failures;

    public TimeSpan Initial { get; } = initial;
    public TimeSpan Max { get; } = max;

    public int Failures => _failures;

    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures, 30);
        _failures++;
        var ticks = Math.Min(Initial.Ticks * Math.Pow(2, exponent), Max.Ticks);
        var factor = 1 + (jitter * ((_random.NextDouble() * 2) - 1));
        return TimeSpan.FromTicks((long)Math.Min(ticks * factor, Max.Ticks));
    }

    public void Reset() => _failures = 0;
}
