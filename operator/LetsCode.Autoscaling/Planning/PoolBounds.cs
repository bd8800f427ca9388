namespace LetsCode.Autoscaling.Planning;

/// <summary>A pool's [min, max] idle target and how long a lower target must persist before it is applied.</summary>
public sealed record PoolBounds
{
    public PoolBounds(int min, int max, TimeSpan scaleDownDelay)
    {
        if (min < 0 || max < min)
        {
            throw new ArgumentException($"Bounds must satisfy 0 <= min <= max (got min {min}, max {max}).");
        }

        if (scaleDownDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(scaleDownDelay), scaleDownDelay, "Cannot be negative.");
        }

        Min = min;
        Max = max;
        ScaleDownDelay = scaleDownDelay;
    }

    public int Min { get; }
    public int Max { get; }
    public TimeSpan ScaleDownDelay { get; }

    public int Clamp(long value) => (int)Math.Clamp(value, Min, Max);
}
