namespace LetsCode.Metrics.Exposition;

/// <summary>A snapshot of one metric family (one HELP and TYPE line, then its samples), ready to be written.</summary>
public sealed record MetricFamily(string Name, string Help, MetricType Type, IReadOnlyList<Sample> Samples);
