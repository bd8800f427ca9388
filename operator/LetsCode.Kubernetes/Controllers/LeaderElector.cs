using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Diagnostics;
using LetsCode.Kubernetes.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsCode.Kubernetes.Controllers;

/// <summary>
/// Runs work only while this process holds the Lease. Acquire: take the lease when it is free, ours, or not renewed
/// for LeaseDuration as seen by our own clock (clocks of different machines are never compared, as in client-go).
/// Every write is a replace with the read resourceVersion, so two candidates cannot both win. While leading, renew
/// every RetryPeriod; if no renewal succeeded for RenewDeadline (or another holder appears), the work's token is
/// cancelled and awaited before trying to acquire again. On cancellation the lease is released for a fast hand-over.
/// </summary>
public sealed class LeaderElector
{
    private readonly IResourceClient<Lease> _leases;
    private readonly LeaderElectionOptions _options;
    private readonly KubernetesMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private LeaseSpec? _observed;
    private string? _observedVersion;
    private DateTimeOffset _observedAt;

    public LeaderElector(
        IResourceClient<Lease> leases,
        LeaderElectionOptions options,
        KubernetesMetrics? metrics = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        options.Validate();
        _leases = leases;
        _options = options;
        _metrics = metrics ?? new KubernetesMetrics();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LeaderElector>();
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Identity => _options.Identity;

    public bool IsLeader { get; private set; }

    /// <summary>The holder last seen on the lease (null before the first look).</summary>
    public string? ObservedLeader => _observed?.HolderIdentity;

    /// <summary>
    /// Campaigns until cancelled. <paramref name="whileLeading"/> runs each time leadership is acquired; its token is
    /// cancelled when leadership is lost or on shutdown, and it must then stop promptly. If it returns by itself, the
    /// lease is released and RunAsync returns.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await AcquireAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            SetLeader(true);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var work = Task.Run(() => whileLeading(leading.Token), CancellationToken.None);
            var renewing = RenewWhileLeadingAsync(leading.Token);
            var first = await Task.WhenAny(work, renewing).ConfigureAwait(false);
            await leading.CancelAsync().ConfigureAwait(false);
            var workEndedByItself = first == work && !cancellationToken.IsCancellationRequested;
            await AwaitQuietly(work, "The leader's work").ConfigureAwait(false);
            await AwaitQuietly(renewing, "Lease renewal").ConfigureAwait(false);
            SetLeader(false);

            if (cancellationToken.IsCancellationRequested || workEndedByItself)
            {
                if (_options.ReleaseOnCancel)
                {
                    await ReleaseAsync().ConfigureAwait(false);
                }

                return;
            }

            _logger.LogWarning("Lost leadership of lease {Namespace}/{Lease}; campaigning again", _options.LeaseNamespace, _options.LeaseName);
        }
    }

    private async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await TryWithinAsync(_options.RenewDeadline, cancellationToken).ConfigureAwait(false))
            {
                _logger.LogInformation("{Identity} acquired lease {Namespace}/{Lease}", Identity, _options.LeaseNamespace, _options.LeaseName);
                return;
            }

            await Task.Delay(_options.RetryPeriod, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns when leadership is lost (or the token is cancelled).</summary>
    private async Task RenewWhileLeadingAsync(CancellationToken cancellationToken)
    {
        var lastRenewed = _time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.RetryPeriod, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Each attempt is bounded by what is left of the renew deadline: a renewal stuck in a slow request must
            // not keep us leading past the point where another candidate may take the lease.
            var remaining = _options.RenewDeadline - (_time.GetUtcNow() - lastRenewed);
            if (remaining > TimeSpan.Zero && await TryWithinAsync(remaining, cancellationToken).ConfigureAwait(false))
            {
                lastRenewed = _time.GetUtcNow();
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (_observed?.HolderIdentity is { Length: > 0 } holder && holder != Identity)
            {
                _logger.LogWarning("Lease {Lease} was taken by {Holder}", _options.LeaseName, holder);
                return;
            }

            if (_time.GetUtcNow() - lastRenewed >= _options.RenewDeadline)
            {
                _logger.LogWarning("Could not renew lease {Lease} within {Deadline}", _options.LeaseName, _options.RenewDeadline);
                return;
            }
        }
    }

    private async Task<bool> TryWithinAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(limit);
        try
        {
            return await TryAcquireOrRenewAsync(attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Renewing lease {Lease} timed out", _options.LeaseName);
            return false;
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            var lease = await _leases.TryGetAsync(_options.LeaseNamespace, _options.LeaseName, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                var created = await _leases.CreateAsync(new Lease
                {
                    Metadata = new ObjectMeta { Name = _options.LeaseName, Namespace = _options.LeaseNamespace },
                    Spec = NewSpec(now, acquireTime: now, transitions: 0),
                }, cancellationToken).ConfigureAwait(false);
                Observe(created, now);
                return true;
            }

            var spec = lease.Spec ?? new LeaseSpec();
            if (_observed is null
                || _observedVersion != lease.Metadata.ResourceVersion
                || _observed.HolderIdentity != spec.HolderIdentity
                || _observed.RenewTime != spec.RenewTime)
            {
                Observe(lease, now);
            }

            var holder = spec.HolderIdentity;
            var duration = spec.LeaseDurationSeconds is > 0 ? TimeSpan.FromSeconds(spec.LeaseDurationSeconds.Value) : _options.LeaseDuration;
            var heldByOther = !string.IsNullOrEmpty(holder) && holder != Identity;
            if (heldByOther && _observedAt + duration > now)
            {
                return false;
            }

            lease.Spec = holder == Identity
                ? NewSpec(now, spec.AcquireTime ?? now, spec.LeaseTransitions ?? 0)
                : NewSpec(now, now, (spec.LeaseTransitions ?? 0) + 1);
            var updated = await _leases.ReplaceAsync(lease, cancellationToken).ConfigureAwait(false);
            Observe(updated, now);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is ConflictException or AlreadyExistsException)
        {
            // Another candidate wrote first; we look again next round.
            return false;
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Leader election on {Lease} could not reach the API server", _options.LeaseName);
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.RenewDeadline);
            var lease = await _leases.TryGetAsync(_options.LeaseNamespace, _options.LeaseName, timeout.Token).ConfigureAwait(false);
            if (lease?.Spec?.HolderIdentity != Identity)
            {
                return;
            }

            var now = _time.GetUtcNow();
            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = now;
            lease.Spec.AcquireTime = now;
            await _leases.ReplaceAsync(lease, timeout.Token).ConfigureAwait(false);
            _logger.LogInformation("{Identity} released lease {Lease}", Identity, _options.LeaseName);
        }
        catch (Exception e)
        {
            // Not fatal: the lease simply expires after LeaseDuration.
            _logger.LogWarning(e, "Could not release lease {Lease}", _options.LeaseName);
        }
    }

    private LeaseSpec NewSpec(DateTimeOffset now, DateTimeOffset acquireTime, int transitions) => new()
    {
        HolderIdentity = Identity,
        LeaseDurationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds),
        AcquireTime = acquireTime,
        RenewTime = now,
        LeaseTransitions = transitions,
    };

    private void Observe(Lease lease, DateTimeOffset now)
    {
        _observed = lease.Spec ?? new LeaseSpec();
        _observedVersion = lease.Metadata.ResourceVersion;
        _observedAt = now;
    }

    private void SetLeader(bool leader)
    {
        if (IsLeader != leader)
        {
            IsLeader = leader;
            _metrics.RecordLeaderTransition(_options.LeaseName, leader);
        }
    }

    private async Task AwaitQuietly(Task task, string what)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected when leadership ends.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "{What} failed", what);
        }
    }
}
