using System.Globalization;
using LetsCode.Autoscaling.Diagnostics;
using LetsCode.Autoscaling.Forecasting;
using LetsCode.Autoscaling.Planning;
using LetsCode.Autoscaling.Signals;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Models;
using LetsCode.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsCode.Autoscaling.Scaling;

/// <summary>
/// The actuator: every <see cref="AutoscalerOptions.Interval"/> it lists the namespace's WarmPools, forecasts each
/// pool's language, plans the idle target, stabilizes it, and writes spec.replicas through the scale subresource
/// when (and only when) the target changes. It owns nothing but that field, like an HPA: run exactly one of this,
/// an HPA or KEDA per pool (annotate a pool <c>autoscaling.letscode.dev/enabled: "false"</c> to hand it over).
/// Run it only while leading (the caller's <c>LeaderElector</c>); a newly elected leader starts conservatively
/// (no scale-down for one scaleDownDelay). Errors of one pool are logged and counted; the others still scale.
/// </summary>
public sealed class WarmPoolAutoscaler
{
    private readonly IResourceClient<WarmPoolScaleTarget> _pools;
    private readonly IScaleClient _scales;
    private readonly ILoadSignals _signals;
    private readonly AutoscalerOptions _options;
    private readonly TimeProvider _time;
    private readonly AutoscalerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly HoltForecaster _forecaster;
    private readonly CapacityPlanner _planner;
    private readonly Dictionary<string, ScaleDownStabilizer> _stabilizers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _pass = new(1, 1);

    public WarmPoolAutoscaler(
        IResourceClient<WarmPoolScaleTarget> pools, IScaleClient scales, ILoadSignals signals, AutoscalerOptions options,
        TimeProvider? timeProvider = null, AutoscalerMetrics? metrics = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(scales);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _pools = pools;
        _scales = scales;
        _signals = signals;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _metrics = metrics ?? new AutoscalerMetrics();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<WarmPoolAutoscaler>();
        _forecaster = new HoltForecaster(options.Alpha, options.Beta, options.Phi);
        _planner = new CapacityPlanner(options.Policy);
    }

    /// <summary>The usual wiring: WarmPools and their scale subresource through <paramref name="api"/>, signals from cluster mode's Redis.</summary>
    public static WarmPoolAutoscaler Create(
        KubernetesApiClient api, IRedisClient redis, AutoscalerOptions options, AutoscalerMetrics? metrics = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        return new WarmPoolAutoscaler(api.For(AutoscalingResources.WarmPools), api.ScaleFor(AutoscalingResources.WarmPools.Descriptor),
            new RedisLoadSignals(redis), options, timeProvider ?? api.TimeProvider, metrics, api.LoggerFactory);
    }

    public AutoscalerOptions Options => _options;

    /// <summary>Scales every <see cref="AutoscalerOptions.Interval"/> until cancelled (then returns, without throwing).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Autoscaling WarmPools in {Namespace} every {Interval}", _options.Namespace, _options.Interval);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ScaleOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Listing failed (API down, throttled beyond retries): keep every target as it is and try next pass.
                _metrics.Error("list");
                _logger.LogWarning(e, "Could not list WarmPools in {Namespace}; targets unchanged", _options.Namespace);
            }

            try
            {
                await Task.Delay(_options.Interval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over all pools. Throws only when the pools cannot be listed (or on cancellation).</summary>
    public async Task<IReadOnlyList<ScaleDecision>> ScaleOnceAsync(CancellationToken cancellationToken = default)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (pools, _) = await _pools.ListAllAsync(_options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            ForgetVanished(pools);
            var loads = new Dictionary<string, Task<LanguageLoad>>(StringComparer.Ordinal);
            var decisions = new List<ScaleDecision>();
            foreach (var pool in pools.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
            {
                try
                {
                    if (await ScalePoolAsync(pool, now, loads, cancellationToken).ConfigureAwait(false) is { } decision)
                    {
                        decisions.Add(decision);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e)
                {
                    _metrics.Error(e switch
                    {
                        ConflictException => "conflict",
                        KubernetesApiException => "scale",
                        InvalidOperationException => "spec",
                        _ => "signals",
                    });
                    _logger.LogWarning(e, "WarmPool {Namespace}/{Pool}: not scaled this pass", _options.Namespace, pool.Metadata.Name);
                }
            }

            return decisions;
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<ScaleDecision?> ScalePoolAsync(
        WarmPoolScaleTarget pool, DateTimeOffset now, Dictionary<string, Task<LanguageLoad>> loads, CancellationToken cancellationToken)
    {
        var name = pool.Metadata.Name ?? throw new InvalidOperationException("A listed WarmPool has no name.");
        var uid = pool.Metadata.Uid ?? name;
        if (string.Equals(pool.Annotation(AutoscalerOptions.EnabledAnnotation), "false", StringComparison.OrdinalIgnoreCase))
        {
            _stabilizers.Remove(uid);
            _metrics.Forget(_options.Namespace, name);
            return null;
        }

        var language = pool.Spec?.Language;
        if (!LoadSignalKeys.IsValidLanguage(language))
        {
            throw new InvalidOperationException($"spec.language '{language}' is not a language id.");
        }

        if (!loads.TryGetValue(language!, out var loading))
        {
            loading = _signals.GetAsync(language!, now, _options.HistoryMinutes, cancellationToken);
            loads[language!] = loading;
        }

        var load = await loading.ConfigureAwait(false);
        var startup = StartupTime(pool);
        var bounds = new PoolBounds(pool.MinReplicas, pool.MaxReplicas, pool.ScaleDownDelay);
        var forecast = _forecaster.Forecast(load.Arrivals, startup);
        var plan = _planner.Plan(forecast.ArrivalsPerSecond, startup, load.MeanJudgeDuration ?? _options.DefaultJudgeDuration, load.Backlog, bounds);
        if (!_stabilizers.TryGetValue(uid, out var stabilizer))
        {
            stabilizer = new ScaleDownStabilizer(_options.Policy);
            _stabilizers[uid] = stabilizer;
        }

        var current = pool.CurrentTarget;
        var target = stabilizer.Decide(now, current, plan.Recommended, bounds);
        var written = false;
        if (target != current)
        {
            // The pool's resourceVersion is the Scale's: if anyone changed the pool since the list, this is a 409 and
            // the next pass decides again from what is there then.
            try
            {
                await _scales.ReplaceScaleAsync(_options.Namespace, name, new Scale
                {
                    Metadata = new ObjectMeta { Name = name, Namespace = _options.Namespace, ResourceVersion = pool.Metadata.ResourceVersion },
                    Spec = new ScaleSpec { Replicas = target },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch when (target < current)
            {
                stabilizer.ScaleDownNotApplied();
                throw;
            }

            written = true;
            _logger.LogInformation(
                "WarmPool {Namespace}/{Pool} ({Language}): idle target {Current} -> {Target} (forecast {Rate:0.##}/s, backlog {Backlog}, recommended {Recommended})",
                _options.Namespace, name, language, current, target, forecast.ArrivalsPerSecond, load.Backlog, plan.Recommended);
        }

        var decision = new ScaleDecision(name, language!, current, target, written, forecast, plan, load.Backlog);
        _metrics.Record(_options.Namespace, decision);
        return decision;
    }

    private TimeSpan StartupTime(WarmPoolScaleTarget pool) =>
        pool.Annotation(AutoscalerOptions.StartupSecondsAnnotation) is { } text
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : _options.PodStartupTime;

    private void ForgetVanished(IReadOnlyList<WarmPoolScaleTarget> pools)
    {
        var live = pools.Select(p => p.Metadata.Uid ?? p.Metadata.Name ?? "").ToHashSet(StringComparer.Ordinal);
        foreach (var uid in _stabilizers.Keys.Where(k => !live.Contains(k)).ToList())
        {
            _stabilizers.Remove(uid);
        }

        _metrics.Retain(_options.Namespace, pools.Select(p => p.Metadata.Name ?? "").ToHashSet(StringComparer.Ordinal));
    }
}
