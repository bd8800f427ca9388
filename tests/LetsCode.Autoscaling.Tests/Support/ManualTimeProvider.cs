namespace LetsCode.Autoscaling.Tests.Support;

/// <summary>A clock the test moves (for code that reads the time; nothing here waits on it).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
