using System.Text.Json;
using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Controllers;
using LetsCode.Kubernetes.Events;
using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Diagnostics;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Resources;
using Microsoft.Extensions.Logging;

namespace LetsCode.Operator.Controllers;

/// <summary>
/// Keeps each WarmPool at its desired number of idle, Ready pods. Level-triggered: every reconcile recomputes the
/// plan from the caches (<see cref="WarmPoolPlanner"/>). Creates go in growing batches (1, 2, 4, ...; the first
/// failure stops the rest, so an exhausted quota costs one refused request, not fifty) and nothing more is created
/// or deleted until the informer has observed the previous writes (<see cref="CreationExpectations"/>).
/// </summary>
public sealed class WarmPoolReconciler : IReconciler
{
    private readonly IResourceClient<WarmPool> _pools;
    private readonly IResourceClient<Pod> _pods;
    private readonly InformerCache<WarmPool> _poolCache;
    private readonly InformerCache<Pod> _podCache;
    private readonly CreationExpectations _expectations;
    private readonly SandboxPodRenderer _renderer;
    private readonly NamespaceGuard _guard;
    private readonly IEventRecorder _events;
    private readonly OperatorMetrics _metrics;
    private readonly OperatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, DateTimeOffset> _surplusSince = [];

    public WarmPoolReconciler(
        IResourceClient<WarmPool> pools, IResourceClient<Pod> pods, InformerCache<WarmPool> poolCache, InformerCache<Pod> podCache,
        CreationExpectations expectations, SandboxPodRenderer renderer, NamespaceGuard guard, IEventRecorder events,
        OperatorMetrics metrics, OperatorOptions options, TimeProvider time, ILogger logger)
    {
        (_pools, _pods, _poolCache, _podCache) = (pools, pods, poolCache, podCache);
        (_expectations, _renderer, _guard, _events) = (expectations, renderer, guard, events);
        (_metrics, _options, _time, _logger) = (metrics, options, time, logger);
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var pool = _poolCache.Get(key);
        if (pool is null || pool.Metadata.DeletionTimestamp is not null)
        {
            // Gone: its idle pods go with it by ownerReference (garbage collection); claimed ones belong to submissions.
            _expectations.Forget(key);
            lock (_gate) _surplusSince.Remove(key);
            return ReconcileResult.Done;
        }

        var pods = PodsOf(key);
        var now = _time.GetUtcNow();
        DateTimeOffset? since;
        lock (_gate) since = _surplusSince.TryGetValue(key, out var s) ? s : null;
        var plan = WarmPoolPlanner.Plan(pool, pods, now, _options.PodReadyTimeout, since);
        lock (_gate)
        {
            if (plan.SurplusSince is { } value) _surplusSince[key] = value;
            else _surplusSince.Remove(key);
        }

        var result = plan.RecheckAfter is { } recheck ? ReconcileResult.After(recheck + TimeSpan.FromMilliseconds(50)) : ReconcileResult.Done;
        string? blocked = null;
        var unguarded = await _guard.TryEnsureAsync(key.Namespace, cancellationToken).ConfigureAwait(false);
        if (unguarded is not null)
        {
            // Fail closed: no sandbox pod without the deny-all NetworkPolicy. The status and an event say why.
            result = ReconcileResult.RequeueWithBackoff;
            await _events.RecordAsync(pool, EventKind.Warning, NamespaceGuard.FailedReason, unguarded, cancellationToken).ConfigureAwait(false);
        }
        else if (!_expectations.Satisfied(key))
        {
            // Our last writes are not in the cache yet: counting now would count wrong. Their events requeue us.
            blocked = "waiting to observe earlier creates and deletes";
            result = ReconcileResult.After(TimeSpan.FromSeconds(1));
        }
        else
        {
            foreach (var (pod, reason) in plan.Delete)
            {
                await DeletePodAsync(key, pool, pod, reason, cancellationToken).ConfigureAwait(false);
            }

            if (plan.Create > 0)
            {
                blocked = await CreatePodsAsync(key, pool, plan.Create, cancellationToken).ConfigureAwait(false);
                if (blocked is not null)
                {
                    result = ReconcileResult.After(_options.QuotaRetryInterval);
                }
            }
        }

        await WriteStatusAsync(pool, plan.Status, blocked, unguarded, now, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private IReadOnlyList<Pod> PodsOf(ObjectKey key) =>
        _podCache.ByLabels(new Dictionary<string, string> { [SandboxLabels.Pool] = key.Name }, key.Namespace);

    /// <summary>Creates in batches 1, 2, 4, ...; returns why creation stopped early (quota), or null.</summary>
    private async Task<string?> CreatePodsAsync(ObjectKey key, WarmPool pool, int count, CancellationToken cancellationToken)
    {
        var created = 0;
        for (var batch = 1; created < count; batch *= 2)
        {
            var size = Math.Min(batch, count - created);
            _expectations.ExpectCreations(key, size);
            var attempts = Enumerable.Range(0, size).Select(_ => CreateOneAsync(key, pool, cancellationToken)).ToList();
            var errors = (await Task.WhenAll(attempts).ConfigureAwait(false)).Where(e => e is not null).ToList();
            created += size - errors.Count;
            if (errors.Count > 0)
            {
                var message = errors[0]!;
                await _events.RecordAsync(pool, EventKind.Warning, "FailedCreate", message, cancellationToken).ConfigureAwait(false);
                return message;
            }
        }

        await _events.RecordAsync(pool, EventKind.Normal, "SuccessfulCreate", $"Created {created} sandbox pod(s)", cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<string?> CreateOneAsync(ObjectKey key, WarmPool pool, CancellationToken cancellationToken)
    {
        try
        {
            var pod = await _pods.CreateAsync(_renderer.RenderIdle(pool), cancellationToken).ConfigureAwait(false);
            _metrics.PodCreated(key.Name, cold: false);
            _logger.LogDebug("Pool {Pool} created pod {Pod}", key, pod.Metadata.Name);
            return null;
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException)
        {
            // The informer will never see this one.
            _expectations.CreationObserved(key);
            if (e is ForbiddenException)
            {
                _logger.LogInformation("Pool {Pool}: pod create refused: {Message}", key, e.Message);
                return $"pod create refused: {e.Message}";
            }

            _logger.LogWarning(e, "Pool {Pool}: pod create failed", key);
            return $"pod create failed: {e.Message}";
        }
    }

    private async Task DeletePodAsync(ObjectKey key, WarmPool pool, Pod pod, string reason, CancellationToken cancellationToken)
    {
        var name = pod.Metadata.Name!;
        _expectations.ExpectDeletion(key, name);
        try
        {
            // The precondition makes a pod claimed since our cache saw it idle survive: the claim changed its version.
            await _pods.DeleteAsync(key.Namespace, name, new DeleteOptions
            {
                Preconditions = new Preconditions { Uid = pod.Metadata.Uid, ResourceVersion = pod.Metadata.ResourceVersion },
                GracePeriodSeconds = 0,
            }, cancellationToken).ConfigureAwait(false);
            await _events.RecordAsync(pool, EventKind.Normal, "SuccessfulDelete", $"Deleted pod {name}: {reason}", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NotFoundException or ConflictException)
        {
            _expectations.DeletionObserved(key, name);
        }
        catch
        {
            _expectations.DeletionObserved(key, name);
            throw;
        }
    }

    /// <param name="blocked">Why pods could not be created (quota), or null.</param>
    /// <param name="unguarded">Why the namespace guard failed, or null. Not Ready then even with idle pods: submissions do not take them.</param>
    private async Task WriteStatusAsync(WarmPool pool, WarmPoolStatus status, string? blocked, string? unguarded, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var full = unguarded is null && status.Idle >= status.Desired;
        var conditions = Conditions.Set(pool.Status?.Conditions, "Ready", full,
            unguarded is not null ? NamespaceGuard.FailedReason : full ? "PoolFull" : blocked is null ? "Filling" : "CreateBlocked",
            unguarded ?? (full ? $"{status.Idle} idle pod(s) Ready" : blocked ?? $"{status.Idle} of {status.Desired} idle pods Ready"),
            pool.Metadata.Generation, now);
        status.Conditions = conditions;

        var old = pool.Status is null ? "" : JsonSerializer.Serialize(pool.Status, OperatorJsonContext.Default.WarmPoolStatus);
        var next = JsonSerializer.Serialize(status, OperatorJsonContext.Default.WarmPoolStatus);
        if (old == next)
        {
            return;
        }

        var patch = new JsonObject { ["status"] = JsonNode.Parse(next) };
        try
        {
            await _pools.PatchStatusAsync(pool.Metadata.Namespace, pool.Metadata.Name!, Patch.Merge(patch), cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            // Deleted meanwhile.
        }
    }
}
