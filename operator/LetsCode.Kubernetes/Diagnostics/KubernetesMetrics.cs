using System.Diagnostics.Metrics;

namespace LetsCode.Kubernetes.Diagnostics;

/// <summary>
/// The library's instruments, on a Meter named <see cref="MeterName"/>. One instance per client (no static state);
/// listen with a MeterListener or OpenTelemetry by meter name.
/// </summary>
public sealed class KubernetesMetrics : IDisposable
{
    public const string MeterName = "LetsCode.Kubernetes";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _throttleRetries;
    private readonly Counter<long> _watchRestarts;
    private readonly Counter<long> _watchEvents;
    private readonly Counter<long> _workQueueAdds;
    private readonly Counter<long> _workQueueRetries;
    private readonly Histogram<double> _reconcileSeconds;
    private readonly Counter<long> _reconcileErrors;
    private readonly Counter<long> _leaderTransitions;

    public KubernetesMetrics(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = Meter.CreateCounter<long>("letscode.kubernetes.requests", description: "API requests by method and HTTP status code.");
        _throttleRetries = Meter.CreateCounter<long>("letscode.kubernetes.throttle_retries", description: "Requests retried after 429 / Retry-After.");
        _watchRestarts = Meter.CreateCounter<long>("letscode.kubernetes.watch.restarts",
            description: "Watches that broke (reason=error) or expired (reason=gone) and were restarted.");
        _watchEvents = Meter.CreateCounter<long>("letscode.kubernetes.watch.events", description: "Watch events received by kind and type.");
        _workQueueAdds = Meter.CreateCounter<long>("letscode.kubernetes.workqueue.adds", description: "Keys added to a work queue.");
        _workQueueRetries = Meter.CreateCounter<long>("letscode.kubernetes.workqueue.retries", description: "Keys requeued with backoff.");
        _reconcileSeconds = Meter.CreateHistogram<double>("letscode.kubernetes.reconcile.duration", unit: "s", description: "Reconcile durations.");
        _reconcileErrors = Meter.CreateCounter<long>("letscode.kubernetes.reconcile.errors", description: "Reconciles that threw.");
        _leaderTransitions = Meter.CreateCounter<long>("letscode.kubernetes.leader.transitions", description: "Leadership acquired (became=leader) or lost (became=follower).");
    }

    public Meter Meter { get; }

    public void RecordRequest(string method, int code) =>
        _requests.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("code", code));

    public void RecordThrottleRetry() => _throttleRetries.Add(1);

    public void RecordWatchRestart(string kind, string reason) =>
        _watchRestarts.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));

    public void RecordWatchEvent(string kind, string type) =>
        _watchEvents.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("type", type));

    public void RecordWorkQueueAdd(string queue) => _workQueueAdds.Add(1, new KeyValuePair<string, object?>("queue", queue));

    public void RecordWorkQueueRetry(string queue) => _workQueueRetries.Add(1, new KeyValuePair<string, object?>("queue", queue));

    public void RecordReconcile(string controller, string result, TimeSpan duration)
    {
        _reconcileSeconds.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>("controller", controller), new KeyValuePair<string, object?>("result", result));
        if (result == "error")
        {
            _reconcileErrors.Add(1, new KeyValuePair<string, object?>("controller", controller));
        }
    }

    public void RecordLeaderTransition(string lease, bool becameLeader) =>
        _leaderTransitions.Add(1, new KeyValuePair<string, object?>("lease", lease),
            new KeyValuePair<string, object?>("became", becameLeader ? "leader" : "follower"));

    public void Dispose() => Meter.Dispose();
}
