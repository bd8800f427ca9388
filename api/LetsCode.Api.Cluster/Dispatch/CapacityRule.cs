namespace LetsCode.Api.Cluster.Dispatch;

/// <summary>
/// How many more Submissions of a language may be created now. The pool can run <see cref="SandboxCapacity.Slots"/>
/// at once (idle + busy + room to grow); every unfinished resource holds or waits for one of them, so the free
/// count is slots minus unfinished resources. Counting resources (ours, authoritative at once) rather than trusting
/// the pool's idle count alone avoids double-spending an idle pod the operator has not yet marked busy. Pure.
/// </summary>
public static class CapacityRule
{
    public static int Free(SandboxCapacity? capacity, int unfinishedResources) =>
        capacity is null ? 0 : Math.Max(0, capacity.Slots - Math.Max(0, unfinishedResources));
}
