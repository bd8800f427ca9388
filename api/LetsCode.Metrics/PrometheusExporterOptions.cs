using System.Diagnostics.Metrics;

namespace LetsCode.Metrics;

/// <summary>Which meters to export and how to bucket histograms.</summary>
public sealed record PrometheusExporterOptions
{
    /// <summary>The Prometheus client libraries' default buckets (seconds-scale latencies).</summary>
    public static IReadOnlyList<double> PrometheusDefaultBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Meters to export; by default every meter in the process (including the runtime's own).</summary>
    public Func<Meter, bool> MeterFilter { get; init; } = _ => true;

    /// <summary>Buckets for histograms without their own (neither here nor in their <see cref="InstrumentAdvice{T}"/>).</summary>
    public IReadOnlyList<double> DefaultBuckets { get; init; } = PrometheusDefaultBuckets;

    /// <summary>Bucket upper bounds per instrument name; they win over the instrument's advice.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Buckets { get; init; } = new Dictionary<string, IReadOnlyList<double>>();

    /// <summary>Only meters whose name equals one of <paramref name="names"/>, or starts with it followed by '.'.</summary>
    public static PrometheusExporterOptions ForMeters(params string[] names) => new()
    {
        MeterFilter = meter => names.Any(n => meter.Name == n || meter.Name.StartsWith(n + ".", StringComparison.Ordinal)),
    };
}
