using LetsCode.Metrics.Exposition;

namespace LetsCode.Metrics.Tests;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Writes_help_type_and_samples_with_escaped_label_values()
    {
        var family = new MetricFamily(
            "letscode_submissions_total",
            "Submissions accepted.\nBy language, with a \\ and \"quotes\".",
            MetricType.Counter,
            [new Sample("", [new("language", "c\"p\\p\nx"), new("status", "ok")], 42)]);

        var text = PrometheusTextWriter.Write([family]);

        Assert.Equal(
            "# HELP letscode_submissions_total Submissions accepted.\\nBy language, with a \\\\ and \"quotes\".\n" +
            "# TYPE letscode_submissions_total counter\n" +
            "letscode_submissions_total{language=\"c\\\"p\\\\p\\nx\",status=\"ok\"} 42\n",
            text);
    }

    [Fact]
    public void Omits_help_when_empty_and_braces_when_unlabelled()
    {
        var text = PrometheusTextWriter.Write([new MetricFamily("up", "", MetricType.Gauge, [new Sample("", [], 1)])]);

        Assert.Equal("# TYPE up gauge\nup 1\n", text);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    [InlineData(-3.0, "-3")]
    public void Formats_values_like_prometheus_expects(double value, string expected)
    {
        Assert.Equal(expected, PrometheusTextWriter.FormatValue(value));
    }

    [Theory]
    [InlineData("letscode.queue.depth", null, MetricType.Gauge, "letscode_queue_depth")]
    [InlineData("letscode.judge.duration", "s", MetricType.Histogram, "letscode_judge_duration_seconds")]
    [InlineData("letscode.submissions", "{submission}", MetricType.Counter, "letscode_submissions_total")]
    [InlineData("requests_total", null, MetricType.Counter, "requests_total")]
    [InlineData("http.bytes", "By", MetricType.Counter, "http_bytes_total")]
    [InlineData("http.sent", "By", MetricType.Counter, "http_sent_bytes_total")]
    [InlineData("9lives-metric", "1", MetricType.Gauge, "_9lives_metric")]
    [InlineData("a:b", null, MetricType.Gauge, "a:b")]
    public void Metric_names_are_sanitized_and_get_unit_and_total_suffixes(string name, string? unit, MetricType type, string expected)
    {
        Assert.Equal(expected, PrometheusNames.MetricName(name, unit, type));
    }

    [Theory]
    [InlineData("language", "language")]
    [InlineData("http.route", "http_route")]
    [InlineData("__reserved", "key__reserved")]
    [InlineData("a:b", "a_b")]
    [InlineData("0day", "_0day")]
    public void Label_names_are_sanitized(string key, string expected)
    {
        Assert.Equal(expected, PrometheusNames.LabelName(key));
    }
}
