using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace LetsCode.Operator.Hosting;

/// <summary>
/// Listens to the operator's and the Kubernetes client's Meters and renders running totals in the Prometheus text
/// format (counters as _total, histograms as _count and _sum). A stand-in until an OpenTelemetry exporter is
/// available here; the instruments themselves are the stable part.
/// </summary>
public sealed class MetricsExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> _sums = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), long> _counts = new();
    private readonly ConcurrentDictionary<string, bool> _histograms = new();

    public MetricsExporter(IEnumerable<string> meterNames)
    {
        var names = meterNames.ToHashSet(StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (names.Contains(instrument.Meter.Name))
            {
                if (instrument is Histogram<double>) _histograms[Name(instrument)] = true;
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public string Render()
    {
        var output = new StringBuilder();
        foreach (var ((name, labels), sum) in _sums.OrderBy(e => e.Key.Name, StringComparer.Ordinal).ThenBy(e => e.Key.Labels, StringComparer.Ordinal))
        {
            if (_histograms.ContainsKey(name))
            {
                output.Append(CultureInfo.InvariantCulture, $"{name}_sum{labels} {sum}\n");
                output.Append(CultureInfo.InvariantCulture, $"{name}_count{labels} {_counts.GetValueOrDefault((name, labels))}\n");
            }
            else
            {
                output.Append(CultureInfo.InvariantCulture, $"{name}_total{labels} {sum}\n");
            }
        }

        return output.ToString();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = (Name(instrument), Labels(tags));
        _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
        _counts.AddOrUpdate(key, 1, (_, count) => count + 1);
    }

    private static string Name(Instrument instrument) => instrument.Name.Replace('.', '_');

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0) return "";
        var parts = new List<string>();
        foreach (var (key, value) in tags)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
            parts.Add($"{key}=\"{text}\"");
        }

        parts.Sort(StringComparer.Ordinal);
        return "{" + string.Join(',', parts) + "}";
    }

    public void Dispose() => _listener.Dispose();
}
