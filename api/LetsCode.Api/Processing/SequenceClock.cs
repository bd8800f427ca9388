namespace LetsCode.Api.Processing;

/// <summary>
/// Strictly increasing arrival stamps (Unix microseconds, bumped on ties) so queue order and queue position are
/// well defined even for submissions accepted in the same millisecond.
/// </summary>
public sealed class SequenceClock(TimeProvider time)
{
    private long last;

    public long Next()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        while (true)
        {
            var previous = Interlocked.Read(ref last);
            var next = Math.Max(now, previous + 1);
            if (Interlocked.CompareExchange(ref last, next, previous) == previous)
            {
                return next;
            }
        }
    }
}
