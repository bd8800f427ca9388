namespace LetsCode.Testing.Time;

/// <summary>
/// A clock the test sets and moves, for code that reads the time (ages, deadlines, TTLs). Timers and delays still
/// use the real clock: unlike a fake that fires timers only when advanced, nothing waiting on it can hang a test.
/// Safe to read from the code under test's threads while the test moves it.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start;

    /// <summary>Starts at 2026-01-01T00:00:00Z.</summary>
    public ManualTimeProvider() : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public DateTimeOffset Now
    {
        get
        {
            lock (gate)
            {
                return now;
            }
        }
        set
        {
            lock (gate)
            {
                now = value;
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }
}
