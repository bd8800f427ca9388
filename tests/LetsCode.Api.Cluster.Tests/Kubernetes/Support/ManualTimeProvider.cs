namespace LetsCode.Api.Cluster.Tests.Kubernetes.Support;

/// <summary>
/// A clock the test sets (only for code that reads the time; timers and delays still use the real clock), so an age
/// can be made past a bound without waiting for it.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }
}
