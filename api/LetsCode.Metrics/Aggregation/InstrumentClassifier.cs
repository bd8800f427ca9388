using System.Diagnostics.Metrics;
using LetsCode.Metrics.Exposition;

namespace LetsCode.Metrics.Aggregation;

/// <summary>Maps a System.Diagnostics.Metrics instrument to its Prometheus type and aggregation.</summary>
internal static class InstrumentClassifier
{
    public static (MetricType Type, AggregationKind Aggregation)? Classify(Instrument instrument)
    {
        if (!instrument.GetType().IsGenericType)
        {
            return null;
        }

        var definition = instrument.GetType().GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return (MetricType.Counter, AggregationKind.Sum);
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return (MetricType.Counter, AggregationKind.LastValue);
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return (MetricType.Gauge, AggregationKind.Sum);
        }

        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>))
        {
            return (MetricType.Gauge, AggregationKind.LastValue);
        }

        if (definition == typeof(Histogram<>))
        {
            return (MetricType.Histogram, AggregationKind.Histogram);
        }

        return null;
    }

    /// <summary>Bucket bounds the instrument asked for through <see cref="InstrumentAdvice{T}"/>, if any.</summary>
    public static IReadOnlyList<double>? AdvisedBuckets(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToList(),
        Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
        Histogram<short> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
        Histogram<byte> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
        Histogram<decimal> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
        _ => null,
    };
}
