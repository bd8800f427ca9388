using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using LetsCode.Metrics.Exposition;

namespace LetsCode.Metrics.Aggregation;

/// <summary>Everything recorded for one instrument, keyed by label set.</summary>
internal sealed class InstrumentState
{
    private readonly ConcurrentDictionary<string, (KeyValuePair<string, string>[] Labels, object Series)> _series = new(StringComparer.Ordinal);
    private readonly KeyValuePair<string, object?>[] _constantTags;
    private readonly double[] _bounds;

    public InstrumentState(Instrument instrument, MetricType type, AggregationKind aggregation, IReadOnlyList<double> bounds)
    {
        Instrument = instrument;
        Type = type;
        Aggregation = aggregation;
        FamilyName = PrometheusNames.MetricName(instrument.Name, instrument.Unit, type);
        _bounds = bounds.Where(b => !double.IsNaN(b) && !double.IsPositiveInfinity(b)).Distinct().Order().ToArray();
        _constantTags = [.. instrument.Meter.Tags ?? [], .. instrument.Tags ?? []];
    }

    public Instrument Instrument { get; }

    public MetricType Type { get; }

    public AggregationKind Aggregation { get; }

    public string FamilyName { get; }

    public bool IsObservable => Instrument.IsObservable;

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var (labels, key) = Labels(tags);
        var series = _series.GetOrAdd(key, static (_, state) => (state.labels, state.self.NewSeries()), (labels, self: this)).Series;
        switch (series)
        {
            case ValueSeries values when Aggregation == AggregationKind.Sum:
                values.Add(value);
                break;
            case ValueSeries values:
                values.Set(value);
                break;
            case HistogramSeries histogram:
                histogram.Record(value);
                break;
        }
    }

    /// <summary>Observable instruments report everything on each collection; forgetting old label sets drops stale rows.</summary>
    public void Reset() => _series.Clear();

    public IEnumerable<Sample> Samples()
    {
        foreach (var (labels, series) in _series.Values.OrderBy(s => LabelKey(s.Labels), StringComparer.Ordinal))
        {
            if (series is ValueSeries values)
            {
                yield return new Sample("", labels, values.Value);
                continue;
            }

            var (cumulative, sum, count) = ((HistogramSeries)series).Snapshot();
            for (var i = 0; i < _bounds.Length; i++)
            {
                yield return new Sample("_bucket", [.. labels, new("le", PrometheusTextWriter.FormatValue(_bounds[i]))], cumulative[i]);
            }

            yield return new Sample("_bucket", [.. labels, new("le", "+Inf")], count);
            yield return new Sample("_sum", labels, sum);
            yield return new Sample("_count", labels, count);
        }
    }

    private object NewSeries() => Aggregation == AggregationKind.Histogram ? new HistogramSeries(_bounds) : new ValueSeries();

    private (KeyValuePair<string, string>[] Labels, string Key) Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in _constantTags)
        {
            map[PrometheusNames.LabelName(tag.Key)] = FormatTag(tag.Value);
        }

        foreach (var tag in tags)
        {
            map[PrometheusNames.LabelName(tag.Key)] = FormatTag(tag.Value);
        }

        if (Type == MetricType.Histogram)
        {
            map.Remove("le"); // Reserved for bucket bounds.
        }

        var labels = map.ToArray();
        return (labels, LabelKey(labels));
    }

    private static string LabelKey(KeyValuePair<string, string>[] labels)
    {
        var key = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            key.Append(name).Append('=').Append(PrometheusTextWriter.EscapeLabelValue(value)).Append('\n');
        }

        return key.ToString();
    }

    private static string FormatTag(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
