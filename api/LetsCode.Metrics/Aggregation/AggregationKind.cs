namespace LetsCode.Metrics.Aggregation;

/// <summary>How measurements of an instrument combine into one value per label set.</summary>
internal enum AggregationKind
{
    /// <summary>Counter and UpDownCounter report deltas: add them.</summary>
    Sum,

    /// <summary>Observable instruments report current totals or levels, Gauge reports levels: keep the last.</summary>
    LastValue,

    Histogram,
}
