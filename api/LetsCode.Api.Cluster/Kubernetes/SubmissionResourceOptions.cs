namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// How the API writes and reads Submission resources (section "Cluster:Kubernetes"). The namespace is
/// ClusterOptions.Namespace; the API server address and credentials come from the pod's service account, else from
/// $KUBECONFIG / ~/.kube/config.
/// </summary>
public sealed class SubmissionResourceOptions
{
    public const string Section = "Cluster:Kubernetes";

    /// <summary>
    /// spec.ttlSecondsAfterFinished: the operator deletes a finished Submission this long after it finished. The status
    /// sync records a verdict within seconds, but only while some API replica runs: this is how long every replica may
    /// be down without a verdict being deleted unrecorded. Beyond that etcd would only hold the past the database
    /// already has.
    /// </summary>
    public long TtlSecondsAfterFinished { get; set; } = 900;

    /// <summary>spec.priority of every Submission the API creates (-100..100; higher runs first when pods are short).</summary>
    public int Priority { get; set; }

    /// <summary>
    /// How long a read waits for the informers' first list after start-up (or a restart of the API server) before
    /// giving up: capacity then reads as none, and the active list fails, so the dispatcher waits rather than guesses.
    /// </summary>
    public double SyncWaitSeconds { get; set; } = 5;

    public TimeSpan SyncWait => TimeSpan.FromSeconds(Math.Max(0, SyncWaitSeconds));
}
