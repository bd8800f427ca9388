using System.Diagnostics.Metrics;
using LetsCode.Metrics.Exposition;

namespace LetsCode.Metrics.Tests;

/// <summary>Real meters and a real MeterListener; each test uses its own meter name so tests cannot see each other.</summary>
public sealed class PrometheusExporterTests
{
    private readonly string _meterName = "letscode.test." + Guid.NewGuid().ToString("N");

    [Fact]
    public void Exposes_counters_up_down_counters_and_gauges_with_their_tags()
    {
        using var exporter = new PrometheusExporter(PrometheusExporterOptions.ForMeters(_meterName));
        using var meter = new Meter(_meterName);
        var submissions = meter.CreateCounter<long>("letscode.submissions", "{submission}", "Submissions accepted.");
        var running = meter.CreateUpDownCounter<int>("letscode.running");
        var queued = 17;
        meter.CreateObservableGauge("letscode.queue.depth", () => new Measurement<int>(queued, new KeyValuePair<string, object?>("language", "python3")), description: "Entries waiting.");

        submissions.Add(2, new KeyValuePair<string, object?>("language", "cpp"));
        submissions.Add(3, new KeyValuePair<string, object?>("language", "cpp"));
        submissions.Add(1, new KeyValuePair<string, object?>("language", "python3"));
        running.Add(5);
        running.Add(-2);

        Assert.Equal(
            "# HELP letscode_queue_depth Entries waiting.\n" +
            "# TYPE letscode_queue_depth gauge\n" +
            "letscode_queue_depth{language=\"python3\"} 17\n" +
            "# TYPE letscode_running gauge\n" +
            "letscode_running 3\n" +
            "# HELP letscode_submissions_total Submissions accepted.\n" +
            "# TYPE letscode_submissions_total counter\n" +
            "letscode_submissions_total{language=\"cpp\"} 5\n" +
            "letscode_submissions_total{language=\"python3\"} 1\n",
            exporter.Collect());

        queued = 4;
        Assert.Contains("letscode_queue_depth{language=\"python3\"} 4\n", exporter.Collect(), StringComparison.Ordinal);
    }

    [Fact]
    public void Histograms_have_cumulative_buckets_inf_sum_and_count()
    {
        using var exporter = new PrometheusExporter(PrometheusExporterOptions.ForMeters(_meterName));
        using var meter = new Meter(_meterName);
        var duration = meter.CreateHistogram<double>("letscode.judge.duration", "s", "Judging time.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });

        foreach (var value in new[] { 0.05, 0.1, 0.5, 2, 100 })
        {
            duration.Record(value, new KeyValuePair<string, object?>("language", "cpp"));
        }

        var text = exporter.Collect();

        Assert.Equal(
            "# HELP letscode_judge_duration_seconds Judging time.\n" +
            "# TYPE letscode_judge_duration_seconds histogram\n" +
            "letscode_judge_duration_seconds_bucket{language=\"cpp\",le=\"0.1\"} 2\n" +
            "letscode_judge_duration_seconds_bucket{language=\"cpp\",le=\"1\"} 3\n" +
            "letscode_judge_duration_seconds_bucket{language=\"cpp\",le=\"10\"} 4\n" +
            "letscode_judge_duration_seconds_bucket{language=\"cpp\",le=\"+Inf\"} 5\n" +
            "letscode_judge_duration_seconds_sum{language=\"cpp\"} 102.65\n" +
            "letscode_judge_duration_seconds_count{language=\"cpp\"} 5\n",
            text);
    }

    [Fact]
    public void Configured_buckets_win_over_advice_and_defaults_apply_otherwise()
    {
        var options = PrometheusExporterOptions.ForMeters(_meterName) with
        {
            Buckets = new Dictionary<string, IReadOnlyList<double>> { ["configured"] = [5, 1] },
        };
        using var exporter = new PrometheusExporter(options);
        using var meter = new Meter(_meterName);
        meter.CreateHistogram<int>("configured", advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [100] }).Record(3);
        meter.CreateHistogram<double>("plain").Record(0.3);

        var families = exporter.Snapshot().ToDictionary(f => f.Name);

        Assert.Equal(["1", "5", "+Inf"], Bounds(families["configured"]));
        Assert.Equal(PrometheusExporterOptions.PrometheusDefaultBuckets.Count + 1, Bounds(families["plain"]).Count);
    }

    [Fact]
    public void Concurrent_increments_are_all_counted()
    {
        using var exporter = new PrometheusExporter(PrometheusExporterOptions.ForMeters(_meterName));
        using var meter = new Meter(_meterName);
        var counter = meter.CreateCounter<double>("hits");
        var histogram = meter.CreateHistogram<long>("sizes");

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(0.5);
                histogram.Record(i);
            }
        });

        var text = exporter.Collect();
        Assert.Contains("hits_total 40000\n", text, StringComparison.Ordinal);
        Assert.Contains("sizes_count 80000\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_meters_are_ignored_and_a_disposed_meters_series_disappear()
    {
        using var exporter = new PrometheusExporter(PrometheusExporterOptions.ForMeters(_meterName));
        using var other = new Meter("unrelated." + Guid.NewGuid().ToString("N"));
        other.CreateCounter<int>("unrelated_counter").Add(1);
        var meter = new Meter(_meterName + ".sub");
        meter.CreateCounter<int>("temporary").Add(1);

        Assert.Contains("temporary_total 1", exporter.Collect(), StringComparison.Ordinal);
        Assert.DoesNotContain("unrelated", exporter.Collect(), StringComparison.Ordinal);

        meter.Dispose();
        Assert.DoesNotContain("temporary", exporter.Collect(), StringComparison.Ordinal);
    }

    [Fact]
    public void Observable_label_sets_that_stop_reporting_are_dropped_and_instrument_tags_become_labels()
    {
        using var exporter = new PrometheusExporter(PrometheusExporterOptions.ForMeters(_meterName));
        using var meter = new Meter(_meterName, version: null, tags: [new("replica", "api-1")]);
        var pools = new Dictionary<string, int> { ["cpp"] = 2, ["java"] = 1 };
        meter.CreateObservableUpDownCounter("letscode.pool.idle",
            () => pools.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("language", p.Key))));
        meter.CreateObservableCounter("letscode.cpu.time", () => 12.5, "s");

        var first = exporter.Collect();
        Assert.Contains("letscode_pool_idle{language=\"java\",replica=\"api-1\"} 1\n", first, StringComparison.Ordinal);
        Assert.Contains("# TYPE letscode_cpu_time_seconds_total counter\nletscode_cpu_time_seconds_total{replica=\"api-1\"} 12.5\n", first, StringComparison.Ordinal);

        pools.Remove("java");
        Assert.DoesNotContain("java", exporter.Collect(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_values_of_any_type_are_formatted_invariantly_and_escaped()
    {
        using var exporter = new PrometheusExporter(PrometheusExporterOptions.ForMeters(_meterName));
        using var meter = new Meter(_meterName);
        meter.CreateCounter<int>("tagged").Add(1,
            new KeyValuePair<string, object?>("ratio", 1.5),
            new KeyValuePair<string, object?>("ok", true),
            new KeyValuePair<string, object?>("path", "C:\\x \"y\"\n"),
            new KeyValuePair<string, object?>("none", null));

        Assert.Contains("tagged_total{none=\"\",ok=\"true\",path=\"C:\\\\x \\\"y\\\"\\n\",ratio=\"1.5\"} 1\n", exporter.Collect(), StringComparison.Ordinal);
    }

    private static List<string> Bounds(MetricFamily family) =>
        family.Samples.Where(s => s.Suffix == "_bucket").Select(s => s.Labels.Single(l => l.Key == "le").Value).ToList();
}
