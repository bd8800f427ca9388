using System.Text.Json;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Rendering;

namespace LetsCode.Operator.Controllers;

/// <summary>
/// Keeps the sandbox namespace's deny-all NetworkPolicy (and the optional ResourceQuota and LimitRange) as rendered:
/// created when missing, put back when someone edited them. Every path that creates or hands out a sandbox pod asks
/// first and creates nothing when the answer is no (fail closed). Cheap to ask: once the objects were found in place,
/// the answer is remembered for <see cref="Interval"/> (no API call), and concurrent askers share one check.
/// </summary>
public sealed class NamespaceGuard(
    IResourceClient<NetworkPolicy> networkPolicies,
    IResourceClient<ResourceQuota> quotas,
    IResourceClient<LimitRange> limitRanges,
    OperatorOptions options,
    TimeProvider time)
{
    /// <summary>The reason (of conditions and events) of an object that gets no sandbox pod because the guard said no.</summary>
    public const string FailedReason = "NamespaceGuardFailed";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _ensuredAt = [];
    private readonly Dictionary<string, Task> _checking = [];

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Returns once the namespace's objects are in place; throws <see cref="NamespaceGuardException"/> if they cannot be.</summary>
    public async Task EnsureAsync(string @namespace, CancellationToken cancellationToken)
    {
        TaskCompletionSource? mine = null;
        Task check;
        lock (_gate)
        {
            if (_ensuredAt.TryGetValue(@namespace, out var at) && time.GetUtcNow() - at < Interval)
            {
                return;
            }

            if (!_checking.TryGetValue(@namespace, out check!))
            {
                mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                check = mine.Task;
                _checking[@namespace] = check;
            }
        }

        if (mine is null)
        {
            // Another reconcile is checking this namespace right now: its answer is ours.
            await check.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await EnsureObjectsAsync(@namespace, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _ensuredAt[@namespace] = time.GetUtcNow();
                _checking.Remove(@namespace);
            }

            mine.SetResult();
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _ensuredAt.Remove(@namespace);
                _checking.Remove(@namespace);
            }

            mine.SetException(e);
            // Observed here, so a failure nobody else waited for is not reported as an unobserved task exception.
            _ = mine.Task.Exception;
            throw;
        }
    }

    /// <summary>
    /// Null when the namespace's objects are in place; otherwise why not. A caller that gets a reason creates no
    /// sandbox pod, says so on its object, and tries again with backoff.
    /// </summary>
    public async Task<string?> TryEnsureAsync(string @namespace, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureAsync(@namespace, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (NamespaceGuardException e)
        {
            return e.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The shared check was stopped with the reconcile that ran it; ours goes on, and asks again next time.
            return $"the sandbox namespace {@namespace} could not be checked: the check was interrupted";
        }
    }

    private async Task EnsureObjectsAsync(string @namespace, CancellationToken cancellationToken)
    {
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
    }

    private static async Task EnsureAsync<T>(IResourceClient<T> client, T desired, Func<T, string> specOf, CancellationToken cancellationToken)
        where T : class, IKubernetesObject
    {
        try
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
                    // Created meanwhile (another replica before it lost the lease): it exists, which is what counts.
                }

                return;
            }

            if (specOf(existing) != specOf(desired))
            {
                desired.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                await client.ReplaceAsync(desired, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException or IOException)
        {
            throw new NamespaceGuardException($"{desired.Kind} {desired.Metadata.Namespace}/{desired.Metadata.Name} could not be ensured: {e.Message}", e);
        }
    }
}
