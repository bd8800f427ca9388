namespace LetsCode.Api.Cluster.Queue;

/// <summary>The cluster-wide queue depth as last read from Redis (bumped locally on enqueue until the next read).</summary>
public sealed class QueueDepthGauge
{
    private int value;

    public int Value => Volatile.Read(ref value);

    public void Set(long depth) => Volatile.Write(ref value, (int)Math.Clamp(depth, 0, int.MaxValue));

    public void Increment() => Interlocked.Increment(ref value);
}
