using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace LetsCode.Kubernetes.Tests.Support;

/// <summary>Collects long counter measurements of one Meter instance.</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public MetricRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    public long Sum(string name, string? tag = null, string? tagValue = null) =>
        _measurements.Where(m => m.Name == name && (tag is null || m.Tags.Any(t => t.Key == tag && Equals(t.Value?.ToString(), tagValue))))
            .Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
