using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// Which custom-run resources nobody waits for any more, so that <see cref="TestRunJanitor"/> may delete them. Pure:
/// the observed resources and the time in, names out.
/// <para>
/// A run is abandoned when it is a custom run (<see cref="TestRunResourceMapper.IsTestRun"/>: the "run-" name or the
/// test-run label, both reserved to the API), is not finished (no status yet, Pending or Running), is not already
/// being deleted, and was created longer than <c>abandonedAfter</c> ago (<see cref="TestRunOptions.AbandonedAfter"/>).
/// Every waiter starts its clock before the create and gives up at <see cref="TestRunOptions.Timeout"/>, so past that
/// (plus a grace for clock skew) the replica that created it crashed or failed its delete, and the run would only
/// hold or wait for a sandbox pod whose result nobody reads.
/// </para>
/// <para>
/// Finished runs are left alone: they hold no pod (the operator deletes a finished Submission's pods) and no slot of
/// the dispatcher's capacity (it counts unfinished Submissions only), and the operator already deletes them after
/// spec.ttlSecondsAfterFinished. Deleting them here too would make two owners of one rule for no gain.
/// </para>
/// </summary>
public static class AbandonedTestRuns
{
    /// <summary>Names of the abandoned custom runs among <paramref name="observed"/>, in name order.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<Submission> observed, DateTimeOffset now, TimeSpan abandonedAfter)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return [.. observed
            .Where(resource => IsAbandoned(resource, now, abandonedAfter))
            .Select(resource => resource.Metadata.Name!)
            .Order(StringComparer.Ordinal)];
    }

    private static bool IsAbandoned(Submission resource, DateTimeOffset now, TimeSpan abandonedAfter) =>
        resource.Metadata.Name is { Length: > 0 }
        && TestRunResourceMapper.IsTestRun(resource)
        && !SubmissionPhase.IsFinished(resource.Status?.Phase)
        // Already deleted, waiting for the operator's finalizer to free its pod: another delete changes nothing.
        && resource.Metadata.DeletionTimestamp is null
        // The API server always stamps it; without one the age is unknown, and unknown is not old.
        && resource.Metadata.CreationTimestamp is { } created
        && now - created > abandonedAfter;
}
