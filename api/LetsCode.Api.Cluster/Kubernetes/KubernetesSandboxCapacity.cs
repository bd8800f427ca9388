using LetsCode.Api.Cluster.Dispatch;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// <see cref="ISandboxCapacity"/> from the WarmPool informer cache (no API call per read). Until the first list has
/// arrived the capacity is zero, not "no pool": the dispatcher waits instead of guessing.
/// </summary>
public sealed class KubernetesSandboxCapacity(SandboxInformers informers) : ISandboxCapacity
{
    public async Task<SandboxCapacity?> GetAsync(string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(language);
        if (!await informers.WaitForSyncAsync(informers.Pools, cancellationToken))
        {
            return new SandboxCapacity(0, 0, 0);
        }
        return PoolCapacity.Of(language, informers.Pools.Cache.List(informers.Namespace));
    }
}
