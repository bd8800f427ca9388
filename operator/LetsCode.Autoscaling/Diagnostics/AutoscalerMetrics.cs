using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LetsCode.Autoscaling.Scaling;

namespace LetsCode.Autoscaling.Diagnostics;

/// <summary>
/// Meter <c>LetsCode.Autoscaling</c>: gauges of each pool's last decision (desired idle target, forecast arrivals/s,
/// queue backlog, expected busy pods) and counters of scale writes and errors. One instance per scaler; the gauges
/// read its own last decisions (no static state).
/// </summary>
public sealed class AutoscalerMetrics : IDisposable
{
    public const string MeterName = "LetsCode.Autoscaling";

    private readonly Meter _meter;
    private readonly ConcurrentDictionary<string, (string Namespace, ScaleDecision Decision)> _last = new();
    private readonly Counter<long> _writes;
    private readonly Counter<long> _errors;

    public AutoscalerMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("letscode.autoscaler.desired_replicas", () => Observe(d => d.Target), "{pod}",
            "Idle target the autoscaler wants for the pool");
        _meter.CreateObservableGauge("letscode.autoscaler.forecast_arrivals", () => Observe(d => d.Forecast.ArrivalsPerSecond), "{submission}/s",
            "Forecast arrival rate the pool is sized for");
        _meter.CreateObservableGauge("letscode.autoscaler.backlog", () => Observe(d => d.Backlog), "{submission}",
            "Submissions waiting in the language's queue");
        _meter.CreateObservableGauge("letscode.autoscaler.expected_busy", () => Observe(d => d.Plan.ExpectedBusy), "{pod}",
            "Pods expected to be judging (arrivals/s x mean judge duration)");
        _writes = _meter.CreateCounter<long>("letscode.autoscaler.scale_writes", "{write}", "spec.replicas changes written through the scale subresource");
        _errors = _meter.CreateCounter<long>("letscode.autoscaler.errors", "{error}", "Pools skipped in a pass because a signal or the API failed");
    }

    internal void Record(string @namespace, ScaleDecision decision)
    {
        _last[$"{@namespace}/{decision.Pool}"] = (@namespace, decision);
        if (decision.Written)
        {
            _writes.Add(1, new KeyValuePair<string, object?>("pool", decision.Pool),
                new KeyValuePair<string, object?>("direction", decision.Target > decision.Current ? "up" : "down"));
        }
    }

    internal void Forget(string @namespace, string pool) => _last.TryRemove($"{@namespace}/{pool}", out _);

    /// <summary>Drops the gauges of pools of <paramref name="namespace"/> that no longer exist.</summary>
    internal void Retain(string @namespace, IReadOnlySet<string> pools)
    {
        foreach (var (key, entry) in _last)
        {
            if (entry.Namespace == @namespace && !pools.Contains(entry.Decision.Pool))
            {
                _last.TryRemove(key, out _);
            }
        }
    }

    internal void Error(string stage) => _errors.Add(1, new KeyValuePair<string, object?>("stage", stage));

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<T>> Observe<T>(Func<ScaleDecision, T> value)
        where T : struct =>
        _last.Values.Select(entry => new Measurement<T>(value(entry.Decision),
            new KeyValuePair<string, object?>("namespace", entry.Namespace),
            new KeyValuePair<string, object?>("pool", entry.Decision.Pool),
            new KeyValuePair<string, object?>("language", entry.Decision.Language)));
}
