namespace LetsCode.Metrics.Exposition;

/// <summary>The metric types of the Prometheus text format 0.0.4 that we emit.</summary>
public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
