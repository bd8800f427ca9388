namespace LetsCode.Api.Queue;

/// <summary>Live counters for system_status: busy workers and a moving average of judge time.</summary>
public sealed class WorkerActivity
{
    private const double Smoothing = 0.2;
    private int active;
    private long averageMicros;
    private readonly Lock gate = new();

    public int ActiveWorkers => Volatile.Read(ref active);

    /// <summary>Exponential moving average of whole-submission judge time, in ms (0 until the first one).</summary>
    public double AverageExecutionMs => Interlocked.Read(ref averageMicros) / 1000.0;

    public void Started() => Interlocked.Increment(ref active);

    public void Finished() => Interlocked.Decrement(ref active);

    public void RecordExecution(TimeSpan elapsed)
    {
        lock (gate)
        {
            var micros = (long)elapsed.TotalMicroseconds;
            averageMicros = averageMicros == 0 ? micros : (long)((Smoothing * micros) + ((1 - Smoothing) * averageMicros));
        }
    }
}
