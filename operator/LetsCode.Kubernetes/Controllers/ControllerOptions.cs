namespace LetsCode.Kubernetes.Controllers;

public sealed record ControllerOptions
{
    /// <summary>Keys reconciled in parallel (never the same key twice at once).</summary>
    public int Workers { get; init; } = 2;

    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(5);
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(1000);

    /// <summary>How long a reconcile may take before its token is cancelled.</summary>
    public TimeSpan ReconcileTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
