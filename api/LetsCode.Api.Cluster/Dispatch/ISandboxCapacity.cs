namespace LetsCode.Api.Cluster.Dispatch;

/// <summary>
/// Sandbox capacity of one language, read from its WarmPool's status. The Kubernetes implementation reads the
/// WarmPool (informer cache); tests use an in-memory one.
/// </summary>
public interface ISandboxCapacity
{
    /// <summary>The pool's capacity, or null when the language has no WarmPool (nothing can run it).</summary>
    Task<SandboxCapacity?> GetAsync(string language, CancellationToken cancellationToken);
}

/// <summary>
/// Ready idle pods, pods busy judging, and pods the pool may still add (maxReplicas minus existing pods).
/// <see cref="Slots"/> is how many Submissions of this language can be in flight at once.
/// </summary>
public sealed record SandboxCapacity(int Idle, int Busy, int RoomToGrow)
{
    public int Slots => Math.Max(0, Idle) + Math.Max(0, Busy) + Math.Max(0, RoomToGrow);
}
