namespace LetsCode.Kubernetes.Controllers;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease. Defaults are client-go's: a 15 s lease, given up if it could
/// not be renewed for 10 s, attempts every 2 s. RenewDeadline &lt; LeaseDuration is what makes it safe: the leader
/// stops working before any other candidate may consider the lease expired.
/// </summary>
public sealed record LeaderElectionOptions
{
    public required string LeaseNamespace { get; init; }
    public required string LeaseName { get; init; }

    /// <summary>Unique per process (pod name plus a random suffix is typical).</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On shutdown, clear the holder so the next candidate takes over at once instead of after the lease runs out.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    internal void Validate()
    {
        if (LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException("LeaseDuration must be greater than RenewDeadline.");
        }

        if (RenewDeadline <= RetryPeriod)
        {
            throw new ArgumentException("RenewDeadline must be greater than RetryPeriod.");
        }

        ArgumentException.ThrowIfNullOrEmpty(LeaseNamespace);
        ArgumentException.ThrowIfNullOrEmpty(LeaseName);
        ArgumentException.ThrowIfNullOrEmpty(Identity);
    }
}
