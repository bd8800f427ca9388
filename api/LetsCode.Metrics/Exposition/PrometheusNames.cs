using System.Text;

namespace LetsCode.Metrics.Exposition;

/// <summary>
/// Maps OpenTelemetry-style instrument names and units (<c>letscode.queue.depth</c>, unit <c>s</c>) to valid
/// Prometheus names (<c>letscode_queue_depth_seconds</c>), following the OpenTelemetry-to-Prometheus conventions.
/// </summary>
public static class PrometheusNames
{
    /// <summary>Metric names: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>; anything else becomes '_'.</summary>
    public static string MetricName(string instrumentName, string? unit, MetricType type)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var unitSuffix = UnitSuffix(unit);
        if (unitSuffix is not null && !name.EndsWith("_" + unitSuffix, StringComparison.Ordinal))
        {
            name += "_" + unitSuffix;
        }

        if (type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    /// <summary>Label names: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>; names starting with <c>__</c> are reserved, so they get a prefix.</summary>
    public static string LabelName(string key)
    {
        var name = Sanitize(key, allowColon: false);
        return name.StartsWith("__", StringComparison.Ordinal) ? "key" + name : name;
    }

    private static string? UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => null,
        "s" => "seconds",
        "ms" => "milliseconds",
        "By" => "bytes",
        _ when unit.StartsWith('{') => null, // UCUM annotations like "{submission}" are not units.
        _ => Sanitize(unit, allowColon: false),
    };

    private static string Sanitize(string text, bool allowColon)
    {
        if (text.Length == 0)
        {
            return "_";
        }

        var builder = new StringBuilder(text.Length + 1);
        if (char.IsAsciiDigit(text[0]))
        {
            builder.Append('_');
        }

        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        return builder.ToString();
    }
}
