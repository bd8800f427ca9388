namespace LetsCode.Autoscaling.Forecasting;

/// <summary>
/// Submissions that arrived for one language, per UTC minute: <see cref="Counts"/>[i] is the count of minute
/// <see cref="FirstMinute"/> + i (unix minutes), the last entry being the last complete minute. The minute in progress
/// is kept apart (<see cref="CurrentMinuteCount"/> after <see cref="CurrentMinuteElapsed"/>) because treating a
/// partial count as a whole minute would read every minute's start as a lull.
/// </summary>
public sealed record ArrivalHistory
{
    public ArrivalHistory(long firstMinute, IReadOnlyList<long> counts, long currentMinuteCount, TimeSpan currentMinuteElapsed)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Any(c => c < 0) || currentMinuteCount < 0)
        {
            throw new ArgumentException("Arrival counts cannot be negative.", nameof(counts));
        }

        if (currentMinuteElapsed < TimeSpan.Zero || currentMinuteElapsed > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(currentMinuteElapsed), currentMinuteElapsed, "Must lie within one minute.");
        }

        FirstMinute = firstMinute;
        Counts = counts;
        CurrentMinuteCount = currentMinuteCount;
        CurrentMinuteElapsed = currentMinuteElapsed;
    }

    public long FirstMinute { get; }
    public IReadOnlyList<long> Counts { get; }
    public long CurrentMinuteCount { get; }
    public TimeSpan CurrentMinuteElapsed { get; }

    /// <summary>The unix minute now lies in (the one after the last complete minute).</summary>
    public long CurrentMinute => FirstMinute + Counts.Count;

    public static long UnixMinute(DateTimeOffset time) => (long)Math.Floor(time.ToUnixTimeMilliseconds() / 60_000.0);

    /// <summary>No arrivals at all, e.g. a language nobody used yet.</summary>
    public static ArrivalHistory Empty(DateTimeOffset now, int minutes)
    {
        var current = UnixMinute(now);
        return new ArrivalHistory(current - minutes, new long[minutes], 0, now - DateTimeOffset.FromUnixTimeSeconds(current * 60));
    }
}
