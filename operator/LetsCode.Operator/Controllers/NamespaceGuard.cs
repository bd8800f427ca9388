using System.Text.Json;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Rendering;

namespace LetsCode.Operator.Controllers;

/// <summary>
/// Keeps the sandbox namespace's deny-all NetworkPolicy (and the optional ResourceQuota and LimitRange) as rendered:
/// created when missing, put back when someone edited them. Checked at most every <see cref="Interval"/>.
/// </summary>
public sealed class NamespaceGuard(
    IResourceClient<NetworkPolicy> networkPolicies,
    IResourceClient<ResourceQuota> quotas,
    IResourceClient<LimitRange> limitRanges,
    OperatorOptions options,
    TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _checked = [];

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    public async Task EnsureAsync(string @namespace, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_checked.TryGetValue(@namespace, out var at) && time.GetUtcNow() - at < Interval)
            {
                return;
            }
        }

        await EnsureAsync(networkPolicies, NamespaceObjectsRenderer.DenyAllNetworkPolicy(@namespace),
            p => JsonSerializer.Serialize(p.Spec, KubernetesJsonContext.Default.Options), cancellationToken).ConfigureAwait(false);
        if (NamespaceObjectsRenderer.Quota(@namespace, options.Quota) is { } quota)
        {
            await EnsureAsync(quotas, quota, q => JsonSerializer.Serialize(q.Spec, KubernetesJsonContext.Default.Options), cancellationToken).ConfigureAwait(false);
        }

        if (NamespaceObjectsRenderer.Limits(@namespace, options.Quota) is { } limits)
        {
            await EnsureAsync(limitRanges, limits, l => JsonSerializer.Serialize(l.Spec, KubernetesJsonContext.Default.Options), cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            _checked[@namespace] = time.GetUtcNow();
        }
    }

    private static async Task EnsureAsync<T>(IResourceClient<T> client, T desired, Func<T, string> specOf, CancellationToken cancellationToken)
        where T : class, IKubernetesObject
    {
        var existing = await client.TryGetAsync(desired.Metadata.Namespace, desired.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                await client.CreateAsync(desired, cancellationToken).ConfigureAwait(false);
            }
            catch (AlreadyExistsException)
            {
                // Created meanwhile (another replica before it lost the lease): checked again next interval.
            }

            return;
        }

        if (specOf(existing) != specOf(desired))
        {
            desired.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            await client.ReplaceAsync(desired, cancellationToken).ConfigureAwait(false);
        }
    }
}
