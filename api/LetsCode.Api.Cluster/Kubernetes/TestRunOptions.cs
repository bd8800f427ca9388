namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// Custom runs (POST /api/test) in cluster mode (section "Cluster:TestRuns"): each is a Submission resource with inline
/// tests and spec.captureOutput, waited for synchronously by the replica that received the request.
/// </summary>
public sealed class TestRunOptions
{
    public const string Section = "Cluster:TestRuns";

    /// <summary>
    /// The longest a request waits for its result, from the create to the verdict (a pod to free up, the compile, the
    /// run). Past it the answer is 503 (no sandbox took it) or 504 (it was running) and the resource is deleted.
    /// </summary>
    public double TimeoutSeconds { get; set; } = 45;

    /// <summary>
    /// spec.ttlSecondsAfterFinished: the API deletes the resource as soon as it has read the result; the TTL only
    /// matters when the replica that waited is gone (crashed, or the client left while the delete failed).
    /// </summary>
    public long TtlSecondsAfterFinished { get; set; } = 60;

    /// <summary>
    /// spec.priority (-100..100). Above judged submissions' default (0): a person is waiting on the answer, and the
    /// dispatcher already holds submissions back in the queue, so a custom run normally competes with few resources.
    /// </summary>
    public int Priority { get; set; } = 10;

    /// <summary>Custom runs one replica waits for at once; beyond it the answer is 503 at once (etcd is not a queue).</summary>
    public int MaxConcurrent { get; set; } = 32;

    /// <summary>
    /// Custom input kept under this many bytes in cluster mode (LetsCode:MaxCustomInputBytes is lowered to it): the
    /// input travels inline in the resource, and etcd refuses objects over 1.5 MiB (JSON escaping can grow text).
    /// </summary>
    public int MaxInputBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// How often each replica's <see cref="TestRunJanitor"/> looks for abandoned custom runs in its informer cache (no
    /// API call unless it finds one).
    /// </summary>
    public double JanitorIntervalSeconds { get; set; } = 30;

    /// <summary>
    /// How long past <see cref="TimeoutSeconds"/> an unfinished run must be before the janitor deletes it. Covers what
    /// separates the waiter's deadline from the resource's creationTimestamp: the API server's clock against this
    /// replica's, the timestamp's whole seconds, and the waiter's own delete after it gave up.
    /// </summary>
    public double AbandonGraceSeconds { get; set; } = 30;

    public TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(1, TimeoutSeconds));

    public TimeSpan JanitorInterval => TimeSpan.FromSeconds(Math.Max(1, JanitorIntervalSeconds));

    /// <summary>The age past which an unfinished custom run has nobody waiting for it: every waiter gives up at <see cref="Timeout"/>.</summary>
    public TimeSpan AbandonedAfter => Timeout + TimeSpan.FromSeconds(Math.Max(0, AbandonGraceSeconds));
}
