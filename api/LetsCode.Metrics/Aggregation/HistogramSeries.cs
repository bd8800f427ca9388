namespace LetsCode.Metrics.Aggregation;

/// <summary>Explicit-bucket histogram for one label set. Buckets are "less than or equal" upper bounds.</summary>
internal sealed class HistogramSeries
{
    private readonly double[] _bounds;
    private readonly long[] _counts;
    private readonly Lock _gate = new();
    private double _sum;
    private long _count;

    public HistogramSeries(double[] bounds)
    {
        _bounds = bounds;
        _counts = new long[bounds.Length + 1];
    }

    public void Record(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var index = Array.BinarySearch(_bounds, value);
        if (index < 0)
        {
            index = ~index; // First bound greater than the value; equal values land on their own bound.
        }

        lock (_gate)
        {
            _counts[index]++;
            _sum += value;
            _count++;
        }
    }

    /// <summary>Cumulative counts per bound (the last entry is +Inf), the sum and the count, read consistently.</summary>
    public (long[] Cumulative, double Sum, long Count) Snapshot()
    {
        lock (_gate)
        {
            var cumulative = new long[_counts.Length];
            long running = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                running += _counts[i];
                cumulative[i] = running;
            }

            return (cumulative, _sum, _count);
        }
    }
}
