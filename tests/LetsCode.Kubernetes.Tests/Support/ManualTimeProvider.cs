namespace LetsCode.Kubernetes.Tests.Support;

/// <summary>A clock the test moves (only for code that reads the time; delays use the real clock).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
