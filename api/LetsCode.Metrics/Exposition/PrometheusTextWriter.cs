using System.Globalization;
using System.Text;

namespace LetsCode.Metrics.Exposition;

/// <summary>
/// Writes metric families in the Prometheus text exposition format, version 0.0.4. Pure: snapshots in, text out.
/// </summary>
public static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<MetricFamily> families)
    {
        var builder = new StringBuilder();
        foreach (var family in families)
        {
            WriteFamily(builder, family);
        }

        return builder.ToString();
    }

    private static void WriteFamily(StringBuilder output, MetricFamily family)
    {
        if (family.Help.Length > 0)
        {
            output.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
        }

        output.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Type)).Append('\n');
        foreach (var sample in family.Samples)
        {
            output.Append(family.Name).Append(sample.Suffix);
            if (sample.Labels.Count > 0)
            {
                output.Append('{');
                for (var i = 0; i < sample.Labels.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(',');
                    }

                    output.Append(sample.Labels[i].Key).Append("=\"").Append(EscapeLabelValue(sample.Labels[i].Value)).Append('"');
                }

                output.Append('}');
            }

            output.Append(' ').Append(FormatValue(sample.Value)).Append('\n');
        }
    }

    /// <summary>HELP text: backslash and line feed are escaped (quotes are not, per the format).</summary>
    public static string EscapeHelp(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Label values: backslash, double quote and line feed are escaped.</summary>
    public static string EscapeLabelValue(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Go-style floats: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, otherwise the shortest round-trip form.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
