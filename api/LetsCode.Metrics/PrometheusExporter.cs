using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LetsCode.Metrics.Aggregation;
using LetsCode.Metrics.Exposition;

namespace LetsCode.Metrics;

/// <summary>
/// Listens to System.Diagnostics.Metrics instruments and renders them in the Prometheus text format 0.0.4 on
/// demand, e.g. from a <c>GET /metrics</c> endpoint:
/// <c>Results.Text(exporter.Collect(), PrometheusExporter.ContentType)</c>.
/// Counters become <c>_total</c> counters, up-down counters and gauges become gauges, histograms become explicit
/// bucket histograms (cumulative, with <c>+Inf</c>, <c>_sum</c>, <c>_count</c>). Instruments are aggregated from the
/// moment the exporter starts; a disposed meter's series disappear.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = PrometheusTextWriter.ContentType;

    private readonly PrometheusExporterOptions _options;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly Lock _collecting = new();

    public PrometheusExporter(PrometheusExporterOptions? options = null)
    {
        _options = options ?? new PrometheusExporterOptions();
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _),
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments and renders every exported family.</summary>
    public string Collect() => PrometheusTextWriter.Write(Snapshot());

    /// <summary>The families <see cref="Collect"/> would write, sorted by name.</summary>
    public IReadOnlyList<MetricFamily> Snapshot()
    {
        lock (_collecting)
        {
            foreach (var state in _instruments.Values.Where(s => s.IsObservable))
            {
                state.Reset();
            }

            _listener.RecordObservableInstruments();

            var families = new List<MetricFamily>();
            foreach (var group in _instruments.Values.GroupBy(s => s.FamilyName).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                // Two instruments may share a name (same name in two meters): merge them when their types agree;
                // a different type under the same name would make the output invalid, so it is left out.
                var first = group.OrderBy(s => s.Instrument.Meter.Name, StringComparer.Ordinal).First();
                var compatible = group.Where(s => s.Type == first.Type).ToList();
                var samples = compatible.SelectMany(s => s.Samples()).ToList();
                if (samples.Count > 0)
                {
                    families.Add(new MetricFamily(group.Key, first.Instrument.Description ?? "", first.Type, samples));
                }
            }

            return families;
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_options.MeterFilter(instrument.Meter) || InstrumentClassifier.Classify(instrument) is not { } kind)
        {
            return;
        }

        var bounds = _options.Buckets.TryGetValue(instrument.Name, out var configured)
            ? configured
            : InstrumentClassifier.AdvisedBuckets(instrument) ?? _options.DefaultBuckets;
        var state = new InstrumentState(instrument, kind.Type, kind.Aggregation, bounds);
        _instruments[instrument] = state;
        listener.EnableMeasurementEvents(instrument, state);
    }

    public void Dispose() => _listener.Dispose();
}
