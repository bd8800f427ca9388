using System.Globalization;
using System.Text.Json.Nodes;
using LetsCode.Judge.Model;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Controllers;
using LetsCode.Kubernetes.Events;
using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Diagnostics;
using LetsCode.Operator.Judging;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Resources;
using Microsoft.Extensions.Logging;

namespace LetsCode.Operator.Controllers;

/// <summary>
/// Drives one Submission from Pending to a single final status. Each reconcile reads the object fresh, then:
/// claims an idle Ready pod of its language's pool (a merge patch with the pod's resourceVersion: of two claimers
/// exactly one wins, the other moves to the next pod), or creates a cold pod when the pool cannot supply one;
/// marks the attempt Running; execs the runner; writes the result with the resourceVersion it started from; deletes
/// the pod. A run that was interrupted (operator restart, lost leadership) or broke for infrastructure reasons is
/// retried on a fresh pod up to <see cref="OperatorOptions.MaxAttempts"/>, then ends as InternalError. A finished
/// Submission is never run again; finished ones are deleted after their TTL; a finalizer removes pods first.
/// </summary>
public sealed class SubmissionReconciler : IReconciler
{
    public const string Finalizer = "letscode.dev/sandbox-cleanup";

    private readonly IResourceClient<Submission> _submissions;
    private readonly IResourceClient<Pod> _pods;
    private readonly InformerCache<Submission> _submissionCache;
    private readonly InformerCache<WarmPool> _poolCache;
    private readonly InformerCache<Pod> _podCache;
    private readonly SandboxPodRenderer _renderer;
    private readonly NamespaceGuard _guard;
    private readonly JobBuilder _jobs;
    private readonly SandboxJudge _judge;
    private readonly PodLiveness _liveness;
    private readonly SubmissionStatusWriter _status;
    private readonly IEventRecorder _events;
    private readonly OperatorMetrics _metrics;
    private readonly OperatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SubmissionReconciler(
        IResourceClient<Submission> submissions, IResourceClient<Pod> pods,
        InformerCache<Submission> submissionCache, InformerCache<WarmPool> poolCache, InformerCache<Pod> podCache,
        SandboxPodRenderer renderer, NamespaceGuard guard, JobBuilder jobs, SandboxJudge judge, PodLiveness liveness, IEventRecorder events,
        OperatorMetrics metrics, OperatorOptions options, TimeProvider time, ILogger logger)
    {
        (_submissions, _pods, _submissionCache, _poolCache, _podCache) = (submissions, pods, submissionCache, poolCache, podCache);
        (_renderer, _guard, _jobs, _judge, _liveness, _events) = (renderer, guard, jobs, judge, liveness, events);
        (_metrics, _options, _time, _logger) = (metrics, options, time, logger);
        _status = new SubmissionStatusWriter(submissions);
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var cached = _submissionCache.Get(key);
        if (cached is null)
        {
            return ReconcileResult.Done;
        }

        if (cached.Metadata.DeletionTimestamp is not null)
        {
            return await FinalizeDeletionAsync(cached, cancellationToken).ConfigureAwait(false);
        }

        if (SubmissionPhase.IsFinished(cached.Status?.Phase))
        {
            return await AfterFinishAsync(cached, cancellationToken).ConfigureAwait(false);
        }

        if (StillWaitingForPool(cached))
        {
            // Nothing changed for it: skip the fresh read, so many waiting submissions cost no API calls.
            return ReconcileResult.After(_options.WaitForPodInterval);
        }

        // Decide on a fresh read: the cache may not show our own last status write yet.
        var submission = await _submissions.TryGetAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
        if (submission is null)
        {
            return ReconcileResult.Done;
        }

        if (submission.Metadata.DeletionTimestamp is not null)
        {
            return await FinalizeDeletionAsync(submission, cancellationToken).ConfigureAwait(false);
        }

        if (SubmissionPhase.IsFinished(submission.Status?.Phase))
        {
            return await AfterFinishAsync(submission, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (!(submission.Metadata.Finalizers?.Contains(Finalizer) ?? false))
            {
                submission = await _submissions.PatchAsync(key.Namespace, key.Name, new MergePatchBuilder()
                    .RequireResourceVersion(submission.Metadata.ResourceVersion!)
                    .Set(["metadata", "finalizers"], new JsonArray([.. (submission.Metadata.Finalizers ?? []).Append(Finalizer).Select(f => JsonValue.Create(f))]))
                    .Build(), cancellationToken).ConfigureAwait(false);
            }

            return await AdvanceAsync(submission, cancellationToken).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            // Someone wrote in between: look again (fresh) with backoff.
            return ReconcileResult.RequeueWithBackoff;
        }
    }

    private async Task<ReconcileResult> AdvanceAsync(Submission submission, CancellationToken cancellationToken)
    {
        var ns = submission.Metadata.Namespace!;
        var uid = submission.Metadata.Uid!;
        var status = submission.Status ?? new SubmissionStatus();
        var attempts = status.Attempts ?? 0;

        if (status.Phase == SubmissionPhase.Running && status.PodName is { } interrupted)
        {
            // Reconciles of one key never overlap, so no run of ours is in flight: that attempt was interrupted
            // (operator restarted, leadership moved). Its pod is spent; the next attempt gets a fresh one.
            await DeletePodAsync(ns, interrupted, cancellationToken).ConfigureAwait(false);
            var message = $"attempt {attempts} was interrupted (pod {interrupted})";
            if (attempts >= _options.MaxAttempts)
            {
                return await FailAsync(submission, $"{message}; giving up after {attempts} attempts", cancellationToken).ConfigureAwait(false);
            }

            _metrics.AttemptRetried("Interrupted");
            await _events.RecordAsync(submission, EventKind.Warning, "Retrying", message, cancellationToken).ConfigureAwait(false);
            submission = await _status.PatchAsync(submission, Pending(submission, "Interrupted", message), cancellationToken).ConfigureAwait(false);
        }

        var attempt = attempts + 1;
        JudgeJob job;
        try
        {
            job = await _jobs.BuildAsync(submission, cancellationToken).ConfigureAwait(false);
        }
        catch (TestSuiteUnavailableException e) when (e.Permanent)
        {
            return await FailAsync(submission, e.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (TestSuiteUnavailableException e)
        {
            await SetWaitingAsync(submission, "TestsUnavailable", e.Message, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(TimeSpan.FromSeconds(5));
        }

        var pool = FindPool(ns, submission.Spec.Language);
        if (pool is null)
        {
            await SetWaitingAsync(submission, "NoWarmPool", $"no WarmPool for language {submission.Spec.Language} in {ns}", cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(TimeSpan.FromSeconds(5));
        }

        // Pods already serving this submission: this attempt's (a cold pod still starting, or a claim whose status
        // write was lost) is used; any other attempt's is stray and goes.
        Pod? pod = null;
        foreach (var mine in _podCache.ByLabel(SandboxLabels.Submission, uid).Where(p => p.Metadata.Namespace == ns))
        {
            if (PodStates.Annotation(mine, SandboxLabels.Attempt) == attempt.ToString(CultureInfo.InvariantCulture)
                && !PodStates.IsTerminating(mine) && !PodStates.IsFinished(mine))
            {
                pod = mine;
            }
            else if (!PodStates.IsTerminating(mine))
            {
                await DeletePodAsync(ns, mine.Metadata.Name!, cancellationToken).ConfigureAwait(false);
            }
        }

        if (pod is null)
        {
            (pod, var wait) = await AcquireAsync(submission, pool, attempt, cancellationToken).ConfigureAwait(false);
            if (pod is null)
            {
                return wait;
            }
        }

        if (!PodStates.IsReady(pod))
        {
            await SetWaitingAsync(submission, "PodStarting", $"waiting for pod {pod.Metadata.Name} to be Ready", cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(_options.WaitForPodInterval);
        }

        return await RunAsync(submission, pod, job, attempt, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> RunAsync(Submission submission, Pod pod, JudgeJob job, int attempt, CancellationToken cancellationToken)
    {
        var ns = submission.Metadata.Namespace!;
        var podName = pod.Metadata.Name!;
        var now = _time.GetUtcNow();
        var running = new SubmissionStatus
        {
            Phase = SubmissionPhase.Running,
            PodName = podName,
            Attempts = attempt,
            StartTime = submission.Status?.StartTime ?? now,
            Message = $"attempt {attempt} running on pod {podName}",
            Conditions = Conditions.Set(submission.Status?.Conditions, "Scheduled", true, "PodClaimed", $"pod {podName}", submission.Metadata.Generation, now),
        };
        // If this write conflicts, the pod stays labelled for this attempt and the next reconcile picks it up again.
        var before = submission;
        submission = await TransientErrors.RetryAsync(() => _status.PatchAsync(before, SubmissionStatusWriter.ToNode(running), cancellationToken),
            _time, cancellationToken).ConfigureAwait(false);
        if (attempt == 1 && submission.Metadata.CreationTimestamp is { } created)
        {
            _metrics.PodClaimed(now - created);
        }

        await _events.RecordAsync(submission, EventKind.Normal, "Running", running.Message, cancellationToken).ConfigureAwait(false);

        JudgeOutcome outcome;
        var started = _time.GetTimestamp();
        using (var lease = _liveness.Watch(pod))
        {
            outcome = await _judge.RunAsync(ns, podName, job, cancellationToken, lease.Gone).ConfigureAwait(false);
        }

        _metrics.JudgeFinished(_time.GetElapsedTime(started));
        ReconcileResult result;
        switch (outcome)
        {
            case JudgeOutcome.Judged judged:
                await FinishAsync(submission, podName, attempt,
                    (s, at) => SubmissionStatusWriter.Finished(judged.Result, at, s.Status?.Conditions, s.Metadata.Generation,
                        captureOutput: s.Spec.CaptureOutput ?? false), cancellationToken).ConfigureAwait(false);
                _metrics.SubmissionJudged(judged.Result.Verdict.ToString());
                await _events.RecordAsync(submission, EventKind.Normal, "Judged", $"{judged.Result.Verdict} ({judged.Result.Passed}/{judged.Result.Total})", cancellationToken).ConfigureAwait(false);
                result = ReconcileResult.Done;
                break;
            case JudgeOutcome.InvalidJob invalid:
                await FinishAsync(submission, podName, attempt,
                    (s, at) => SubmissionStatusWriter.FailedInternally($"invalid job: {invalid.Message}", at, s.Status?.Conditions, s.Metadata.Generation), cancellationToken).ConfigureAwait(false);
                _metrics.SubmissionJudged(nameof(Verdict.InternalError));
                result = ReconcileResult.Done;
                break;
            case JudgeOutcome.InfrastructureFailure failure:
                result = await RetryOrFailAsync(submission, podName, attempt, failure, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"unknown outcome {outcome}");
        }

        // One pod, one submission: nothing of this run survives for the next user.
        await DeletePodAsync(ns, podName, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<ReconcileResult> RetryOrFailAsync(
        Submission submission, string podName, int attempt, JudgeOutcome.InfrastructureFailure failure, CancellationToken cancellationToken)
    {
        var message = $"attempt {attempt} failed: {failure.Reason}: {failure.Message}";
        _logger.LogWarning("Submission {Namespace}/{Name}: {Message}", submission.Metadata.Namespace, submission.Metadata.Name, message);
        if (attempt >= _options.MaxAttempts)
        {
            await FinishAsync(submission, podName, attempt,
                (s, at) => SubmissionStatusWriter.FailedInternally($"{message}; giving up after {attempt} attempts", at, s.Status?.Conditions, s.Metadata.Generation),
                cancellationToken).ConfigureAwait(false);
            _metrics.SubmissionJudged(nameof(Verdict.InternalError));
            return ReconcileResult.Done;
        }

        _metrics.AttemptRetried(failure.Reason);
        await _events.RecordAsync(submission, EventKind.Warning, "Retrying", message, cancellationToken).ConfigureAwait(false);
        await DeletePodAsync(submission.Metadata.Namespace!, podName, cancellationToken).ConfigureAwait(false);
        try
        {
            await _status.PatchAsync(submission, Pending(submission, failure.Reason, message), cancellationToken).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            // The next reconcile sees Running with this pod and treats it as interrupted: same outcome.
        }

        return ReconcileResult.RequeueWithBackoff;
    }

    /// <summary>
    /// Writes a final status for (podName, attempt). On a conflict it re-reads: if the submission still shows this
    /// attempt running, the write is retried on the new version (a label edit must not lose a verdict); otherwise
    /// someone else has decided, and ours is dropped.
    /// </summary>
    private async Task FinishAsync(Submission submission, string podName, int attempt,
        Func<Submission, DateTimeOffset, JsonObject> finalStatus, CancellationToken cancellationToken)
    {
        for (var tries = 0; tries < 5; tries++)
        {
            try
            {
                // The result is precious: a flaky API server gets a few quick retries before we give up on it.
                var current = submission;
                await TransientErrors.RetryAsync(() => _status.PatchAsync(current, finalStatus(current, _time.GetUtcNow()), cancellationToken),
                    _time, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConflictException)
            {
                var fresh = await TransientErrors.RetryAsync(
                    () => _submissions.TryGetAsync(submission.Metadata.Namespace, submission.Metadata.Name!, cancellationToken), _time, cancellationToken).ConfigureAwait(false);
                if (fresh?.Status is not { Phase: SubmissionPhase.Running } s || s.PodName != podName || s.Attempts != attempt)
                {
                    _logger.LogWarning("Submission {Name}: attempt {Attempt} result dropped, the status moved on", submission.Metadata.Name, attempt);
                    return;
                }

                submission = fresh;
            }
        }

        throw new InvalidOperationException($"could not write the result of {submission.Metadata.Name} after repeated conflicts");
    }

    private async Task<ReconcileResult> FailAsync(Submission submission, string message, CancellationToken cancellationToken)
    {
        await _status.PatchAsync(submission,
            SubmissionStatusWriter.FailedInternally(message, _time.GetUtcNow(), submission.Status?.Conditions, submission.Metadata.Generation),
            cancellationToken).ConfigureAwait(false);
        _metrics.SubmissionJudged(nameof(Verdict.InternalError));
        await _events.RecordAsync(submission, EventKind.Warning, "Failed", message, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>
    /// True when the cache shows this submission already recorded as waiting for its pool, with no pod of its own and
    /// still no idle pod for its rank while the pool can grow: the reconcile would only come to the same conclusion.
    /// </summary>
    private bool StillWaitingForPool(Submission cached)
    {
        var status = cached.Status;
        if (status?.Phase != SubmissionPhase.Pending || !(cached.Metadata.Finalizers?.Contains(Finalizer) ?? false)
            || status.Conditions?.FirstOrDefault(c => c.Type == "Scheduled")?.Reason != "WaitingForPod"
            || FindPool(cached.Metadata.Namespace!, cached.Spec.Language) is not { } pool
            || _podCache.ByLabel(SandboxLabels.Submission, cached.Metadata.Uid ?? "").Count > 0)
        {
            return false;
        }

        var poolPods = _podCache.ByLabels(new Dictionary<string, string> { [SandboxLabels.Pool] = pool.Metadata.Name! }, cached.Metadata.Namespace);
        var live = poolPods.Count(p => !PodStates.IsTerminating(p) && !PodStates.IsFinished(p));
        var canGrow = pool.Spec.DesiredIdle > 0 && live < pool.Spec.EffectiveMaxReplicas;
        return canGrow && poolPods.Count(PodStates.IsClaimable) <= Rank(cached);
    }

    /// <summary>An idle Ready pod of the pool (claimed), a cold pod (created), or null with when to look again.</summary>
    private async Task<(Pod? Pod, ReconcileResult Wait)> AcquireAsync(Submission submission, WarmPool pool, int attempt, CancellationToken cancellationToken)
    {
        var ns = submission.Metadata.Namespace!;
        if (await _guard.TryEnsureAsync(ns, cancellationToken).ConfigureAwait(false) is { } unguarded)
        {
            // Fail closed, as the pool does: no code runs in a sandbox pod, cold or warm, before the deny-all
            // NetworkPolicy is known to be in place. Free when it was seen in place recently (the guard remembers).
            await SetWaitingAsync(submission, NamespaceGuard.FailedReason, unguarded, cancellationToken).ConfigureAwait(false);
            return (null, ReconcileResult.RequeueWithBackoff);
        }

        var poolPods = _podCache.ByLabels(new Dictionary<string, string> { [SandboxLabels.Pool] = pool.Metadata.Name! }, ns);
        var claimable = poolPods.Where(PodStates.IsClaimable).OrderBy(p => p.Metadata.CreationTimestamp).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
        var rank = Rank(submission);
        if (claimable.Count > rank)
        {
            // Start at our rank so that concurrent claimers mostly try different pods.
            for (var i = 0; i < claimable.Count; i++)
            {
                var candidate = claimable[(rank + i) % claimable.Count];
                try
                {
                    var claimed = await ClaimAsync(candidate, submission, attempt, cancellationToken).ConfigureAwait(false);
                    return (claimed, default);
                }
                catch (Exception e) when (e is ConflictException or NotFoundException)
                {
                    _metrics.ClaimConflict();
                }
            }
        }

        var live = poolPods.Count(p => !PodStates.IsTerminating(p) && !PodStates.IsFinished(p));
        if (pool.Spec.DesiredIdle > 0 && live < pool.Spec.EffectiveMaxReplicas)
        {
            await SetWaitingAsync(submission, "WaitingForPod", $"waiting for an idle pod of pool {pool.Metadata.Name}", cancellationToken).ConfigureAwait(false);
            return (null, ReconcileResult.After(_options.WaitForPodInterval));
        }

        // The pool cannot supply one: a cold pod just for this submission, if the quota allows.
        var cold = _renderer.RenderCold(pool, submission, attempt);
        try
        {
            var created = await _pods.CreateAsync(cold, cancellationToken).ConfigureAwait(false);
            _metrics.PodCreated(pool.Metadata.Name!, cold: true);
            await _events.RecordAsync(submission, EventKind.Normal, "ColdPod", $"created pod {created.Metadata.Name} (pool {pool.Metadata.Name} has no idle pod)", cancellationToken).ConfigureAwait(false);
            return (created, default);
        }
        catch (AlreadyExistsException)
        {
            return (await _pods.GetAsync(ns, cold.Metadata.Name!, cancellationToken).ConfigureAwait(false), default);
        }
        catch (ForbiddenException e)
        {
            // An exhausted quota is a reason to wait, not to fail.
            await SetWaitingAsync(submission, "QuotaExceeded", e.Status.Message ?? e.Message, cancellationToken).ConfigureAwait(false);
            return (null, ReconcileResult.After(_options.QuotaRetryInterval));
        }
    }

    private async Task<Pod> ClaimAsync(Pod candidate, Submission submission, int attempt, CancellationToken cancellationToken)
    {
        var uid = submission.Metadata.Uid!;
        var owner = SandboxPodRenderer.OwnerOf(submission);
        // The pod's resourceVersion makes this a compare-and-swap: if anyone claimed (or changed) it since our cache
        // saw it idle, the server answers 409 and we try the next pod. Ownership moves to the submission, so the pod
        // leaves the pool and is garbage-collected with the submission at the latest.
        var patch = new MergePatchBuilder()
            .RequireResourceVersion(candidate.Metadata.ResourceVersion!)
            .SetLabel(SandboxLabels.State, SandboxLabels.Claimed)
            .SetLabel(SandboxLabels.Submission, uid)
            .SetAnnotation(SandboxLabels.SubmissionUid, uid)
            .SetAnnotation(SandboxLabels.Attempt, attempt.ToString(CultureInfo.InvariantCulture))
            .Set(["metadata", "ownerReferences"], new JsonArray(new JsonObject
            {
                ["apiVersion"] = owner.ApiVersion,
                ["kind"] = owner.Kind,
                ["name"] = owner.Name,
                ["uid"] = owner.Uid,
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            }))
            .Build();
        return await _pods.PatchAsync(candidate.Metadata.Namespace, candidate.Metadata.Name!, patch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>This submission's place among those of its language waiting for a pod: priority, then age.</summary>
    private int Rank(Submission submission)
    {
        var waiting = _submissionCache.List(submission.Metadata.Namespace)
            .Where(s => s.Spec.Language == submission.Spec.Language && s.Metadata.DeletionTimestamp is null
                && !SubmissionPhase.IsFinished(s.Status?.Phase) && s.Status?.Phase != SubmissionPhase.Running)
            .OrderByDescending(s => s.Spec.Priority ?? 0)
            .ThenBy(s => s.Metadata.CreationTimestamp)
            .ThenBy(s => s.Metadata.Name, StringComparer.Ordinal)
            .Select(s => s.Metadata.Uid)
            .ToList();
        var rank = waiting.IndexOf(submission.Metadata.Uid);
        return rank < 0 ? 0 : rank;
    }

    private WarmPool? FindPool(string ns, string language) =>
        _poolCache.List(ns)
            .Where(p => p.Spec.Language == language && p.Metadata.DeletionTimestamp is null)
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();

    private JsonObject Pending(Submission submission, string reason, string message)
    {
        var status = SubmissionStatusWriter.ToNode(new SubmissionStatus
        {
            Phase = SubmissionPhase.Pending,
            Message = message,
            Conditions = Conditions.Set(submission.Status?.Conditions, "Scheduled", false, reason, message, submission.Metadata.Generation, _time.GetUtcNow()),
        });
        status["podName"] = null;
        return status;
    }

    /// <summary>Records why the submission waits; written only when the reason changes (no write loop).</summary>
    private async Task SetWaitingAsync(Submission submission, string reason, string message, CancellationToken cancellationToken)
    {
        var current = submission.Status?.Conditions?.FirstOrDefault(c => c.Type == "Scheduled");
        if (submission.Status?.Phase == SubmissionPhase.Pending && current?.Reason == reason)
        {
            return;
        }

        try
        {
            await _status.PatchAsync(submission, Pending(submission, reason, message), cancellationToken).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            // Only informational; the next reconcile writes it from a fresh view.
        }

        if (reason is "QuotaExceeded" or "NoWarmPool" or NamespaceGuard.FailedReason)
        {
            await _events.RecordAsync(submission, EventKind.Warning, reason, message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ReconcileResult> AfterFinishAsync(Submission submission, CancellationToken cancellationToken)
    {
        // A crash between the final status and the pod delete leaves a pod behind: clean it up.
        await DeletePodsOfAsync(submission, cancellationToken).ConfigureAwait(false);
        if (submission.Spec.TtlSecondsAfterFinished is not { } ttl)
        {
            return ReconcileResult.Done;
        }

        var finishedAt = submission.Status?.CompletionTime ?? submission.Metadata.CreationTimestamp ?? _time.GetUtcNow();
        var remaining = finishedAt + TimeSpan.FromSeconds(ttl) - _time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            return ReconcileResult.After(remaining);
        }

        await _submissions.DeleteIfExistsAsync(submission.Metadata.Namespace, submission.Metadata.Name!,
            new DeleteOptions { Preconditions = new Preconditions { Uid = submission.Metadata.Uid } }, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    private async Task<ReconcileResult> FinalizeDeletionAsync(Submission submission, CancellationToken cancellationToken)
    {
        var finalizers = submission.Metadata.Finalizers ?? [];
        if (!finalizers.Contains(Finalizer))
        {
            return ReconcileResult.Done;
        }

        await DeletePodsOfAsync(submission, cancellationToken).ConfigureAwait(false);
        try
        {
            await _submissions.PatchAsync(submission.Metadata.Namespace, submission.Metadata.Name!, new MergePatchBuilder()
                .RequireResourceVersion(submission.Metadata.ResourceVersion!)
                .Set(["metadata", "finalizers"], new JsonArray([.. finalizers.Where(f => f != Finalizer).Select(f => JsonValue.Create(f))]))
                .Build(), cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            // Gone already.
        }
        catch (ConflictException)
        {
            return ReconcileResult.RequeueWithBackoff;
        }

        return ReconcileResult.Done;
    }

    private async Task DeletePodsOfAsync(Submission submission, CancellationToken cancellationToken)
    {
        var ns = submission.Metadata.Namespace!;
        var names = _podCache.ByLabel(SandboxLabels.Submission, submission.Metadata.Uid ?? "")
            .Where(p => p.Metadata.Namespace == ns && !PodStates.IsTerminating(p))
            .Select(p => p.Metadata.Name!)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await DeletePodAsync(ns, name, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task DeletePodAsync(string ns, string name, CancellationToken cancellationToken) =>
        _pods.DeleteIfExistsAsync(ns, name, new DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken);
}
