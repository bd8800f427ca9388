using System.Diagnostics.Metrics;

namespace LetsCode.Operator.Diagnostics;

/// <summary>
/// The operator's instruments on the Meter <see cref="MeterName"/> (hooks for Prometheus/OpenTelemetry later).
/// One instance per operator; no static state.
/// </summary>
public sealed class OperatorMetrics : IDisposable
{
    public const string MeterName = "LetsCode.Operator";

    private readonly Counter<long> _judged;
    private readonly Counter<long> _podCreates;
    private readonly Counter<long> _claimConflicts;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _claimLatency;
    private readonly Histogram<double> _judgeDuration;

    public OperatorMetrics(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _judged = Meter.CreateCounter<long>("letscode.operator.submissions.judged", description: "Submissions finished, by verdict.");
        _podCreates = Meter.CreateCounter<long>("letscode.operator.pods.created", description: "Sandbox pods created, by pool and kind (warm or cold).");
        _claimConflicts = Meter.CreateCounter<long>("letscode.operator.claims.conflicts", description: "Claims of an idle pod lost to another claimer.");
        _retries = Meter.CreateCounter<long>("letscode.operator.submissions.retries", description: "Attempts retried after an infrastructure failure, by reason.");
        _claimLatency = Meter.CreateHistogram<double>("letscode.operator.claim.latency", unit: "s", description: "From a Submission's creation to its pod being claimed.");
        _judgeDuration = Meter.CreateHistogram<double>("letscode.operator.judge.duration", unit: "s", description: "One runner exec, job in to result out.");
    }

    public Meter Meter { get; }

    public void SubmissionJudged(string verdict) => _judged.Add(1, new KeyValuePair<string, object?>("verdict", verdict));

    public void PodCreated(string pool, bool cold) =>
        _podCreates.Add(1, new KeyValuePair<string, object?>("pool", pool), new KeyValuePair<string, object?>("kind", cold ? "cold" : "warm"));

    public void ClaimConflict() => _claimConflicts.Add(1);

    public void AttemptRetried(string reason) => _retries.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void PodClaimed(TimeSpan sinceCreation) => _claimLatency.Record(Math.Max(0, sinceCreation.TotalSeconds));

    public void JudgeFinished(TimeSpan duration) => _judgeDuration.Record(duration.TotalSeconds);

    public void Dispose() => Meter.Dispose();
}
