using LetsCode.Autoscaling.Diagnostics;
using LetsCode.Autoscaling.Scaling;
using LetsCode.Autoscaling.Signals;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Controllers;
using LetsCode.Kubernetes.Events;
using LetsCode.Kubernetes.Exec;
using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Watch;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Controllers;
using LetsCode.Operator.Diagnostics;
using LetsCode.Operator.Judging;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Resources;
using LetsCode.Redis;
using Microsoft.Extensions.Logging;

namespace LetsCode.Operator.Hosting;

/// <summary>
/// The whole operator in one object: informers on WarmPools, Submissions and sandbox pods of the namespace, the two
/// controllers, the warm-pool autoscaler (when given cluster mode's Redis), and leader election around them. Informers
/// run all the time (a new leader starts with warm caches); the controllers and the autoscaler run only while this
/// instance holds the Lease.
/// </summary>
public sealed class OperatorHost
{
    private readonly KubernetesApiClient _api;
    private readonly OperatorOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Informer<WarmPool> _poolInformer;
    private readonly Informer<Submission> _submissionInformer;
    private readonly Informer<Pod> _podInformer;
    private readonly ControllerRunner _poolController;
    private readonly ControllerRunner _submissionController;
    private readonly WarmPoolAutoscaler? _autoscaler;
    private readonly LeaderElector? _elector;

    public OperatorHost(
        KubernetesApiClient api,
        OperatorOptions options,
        OperatorHostSettings? settings = null,
        ILoggerFactory? loggerFactory = null)
    {
        settings ??= new OperatorHostSettings();
        _api = api;
        _options = options;
        _loggers = loggerFactory ?? api.LoggerFactory;
        _logger = _loggers.CreateLogger<OperatorHost>();
        var time = api.TimeProvider;
        Metrics = settings.Metrics ?? new OperatorMetrics();

        var pools = api.For(LetsCodeResources.WarmPools);
        var submissions = api.For(LetsCodeResources.Submissions);
        var pods = api.For(KubernetesResources.Pods);
        var watch = settings.WatchOptions ?? new ResilientWatchOptions();
        _poolInformer = new Informer<WarmPool>(pools, watch with { Namespace = options.Namespace }, api.Metrics, _loggers, time);
        _submissionInformer = new Informer<Submission>(submissions, watch with { Namespace = options.Namespace }, api.Metrics, _loggers, time);
        _podInformer = new Informer<Pod>(pods, watch with { Namespace = options.Namespace, LabelSelector = SandboxLabels.ManagedSelector },
            api.Metrics, _loggers, time);

        var events = settings.Events ?? new EventRecorder(api.For(KubernetesResources.Events), "letscode-operator", settings.Identity, _loggers, time);
        var renderer = new SandboxPodRenderer(options.Pod);
        var expectations = new CreationExpectations(time, options.ExpectationsTimeout);
        var liveness = new PodLiveness();
        var guard = new NamespaceGuard(api.For(KubernetesResources.NetworkPolicies), api.For(KubernetesResources.ResourceQuotas),
            api.For(KubernetesResources.LimitRanges), options, time);

        // Order matters: expectations and liveness see a pod event before any controller is woken by it.
        _podInformer.AddHandler(new ExpectationsObserver(expectations));
        _podInformer.AddHandler(liveness);

        var poolReconciler = new WarmPoolReconciler(pools, pods, _poolInformer.Cache, _podInformer.Cache, expectations, renderer, guard,
            events, Metrics, options, time, _loggers.CreateLogger<WarmPoolReconciler>());
        _poolController = new ControllerRunner("warmpool", poolReconciler,
            new ControllerOptions { Workers = options.WarmPoolWorkers, BackoffMax = TimeSpan.FromSeconds(30) }, api.Metrics, _loggers, time)
            .Watches(_poolInformer)
            .Watches(_podInformer, PoolOf);

        var executor = settings.Executor ?? new PodExecutor(api);
        var suites = settings.TestSuites ?? (options.TestSuiteEndpoint is { } endpoint
            ? new HttpTestSuiteSource(new HttpClient { Timeout = TimeSpan.FromSeconds(60) }, endpoint)
            : new NoTestSuiteSource());
        var submissionReconciler = new SubmissionReconciler(submissions, pods, _submissionInformer.Cache, _poolInformer.Cache, _podInformer.Cache,
            renderer, guard, new JobBuilder(suites), new SandboxJudge(executor, options), liveness, events, Metrics, options, time,
            _loggers.CreateLogger<SubmissionReconciler>());
        _submissionController = new ControllerRunner("submission", submissionReconciler,
            new ControllerOptions
            {
                Workers = options.SubmissionWorkers,
                BackoffMax = TimeSpan.FromSeconds(30),
                ReconcileTimeout = options.ExecTimeout + TimeSpan.FromMinutes(2),
            }, api.Metrics, _loggers, time)
            .Watches(_submissionInformer)
            .Owns(_podInformer, "Submission")
            .Watches(_podInformer, WaitingSubmissionsFor);

        // The autoscaler writes only spec.replicas through the scale subresource; the WarmPool controller turns that
        // into pods. Without Redis there are no load signals, and pools keep the replicas someone else sets.
        if (settings.Redis is { } redis)
        {
            _autoscaler = new WarmPoolAutoscaler(api.For(AutoscalingResources.WarmPools), api.ScaleFor(AutoscalingResources.WarmPools.Descriptor),
                new RedisLoadSignals(redis), new AutoscalerOptions { Namespace = options.Namespace, Interval = options.AutoscaleInterval },
                time, settings.AutoscalerMetrics ?? new AutoscalerMetrics(), _loggers);
        }

        if (settings.LeaderElection is { } election)
        {
            _elector = new LeaderElector(api.For(KubernetesResources.Leases), election, api.Metrics, _loggers, time);
        }
    }

    public OperatorMetrics Metrics { get; }

    /// <summary>True when the warm-pool autoscaler runs (while leading): the host was given a Redis connection.</summary>
    public bool AutoscalerEnabled => _autoscaler is not null;

    public bool IsLeader => _elector?.IsLeader ?? true;

    /// <summary>Every informer has its first list: the operator can take over at once (what /readyz reports).</summary>
    public bool IsSynced => _poolInformer.HasSynced && _submissionInformer.HasSynced && _podInformer.HasSynced;

    /// <summary>Runs until cancelled (SIGTERM); returns once the controllers and informers stopped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_autoscaler is null)
        {
            _logger.LogInformation("Warm-pool autoscaler off: no Redis connection (--redis or LETSCODE_REDIS); WarmPools keep the replicas set on them");
        }

        using var informers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new[]
        {
            _poolInformer.RunAsync(informers.Token),
            _submissionInformer.RunAsync(informers.Token),
            _podInformer.RunAsync(informers.Token),
        };
        try
        {
            if (_elector is null)
            {
                await RunControllersAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _elector.RunAsync(RunControllersAsync, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        finally
        {
            await informers.CancelAsync().ConfigureAwait(false);
            foreach (var task in running)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped as asked.
                }
            }
        }
    }

    private async Task RunControllersAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Reconciling WarmPools and Submissions in namespace {Namespace}", _options.Namespace);
        var running = new List<Task> { _poolController.RunAsync(cancellationToken), _submissionController.RunAsync(cancellationToken) };
        if (_autoscaler is not null)
        {
            // Only while leading: one writer of spec.replicas at a time.
            running.Add(_autoscaler.RunAsync(cancellationToken));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private static IEnumerable<ObjectKey> PoolOf(Pod pod) =>
        PodStates.Label(pod, SandboxLabels.Pool) is { Length: > 0 } pool ? [new ObjectKey(pod.Metadata.Namespace ?? "", pool)] : [];

    /// <summary>An idle pod turned Ready: wake the submissions of its language that wait for one.</summary>
    private IEnumerable<ObjectKey> WaitingSubmissionsFor(Pod pod)
    {
        if (!PodStates.IsClaimable(pod) || PodStates.Label(pod, SandboxLabels.Language) is not { } language)
        {
            return [];
        }

        return _submissionInformer.Cache.List(pod.Metadata.Namespace)
            .Where(s => s.Spec.Language == language && (s.Status?.Phase ?? SubmissionPhase.Pending) == SubmissionPhase.Pending)
            .Select(ObjectKey.Of)
            .ToList();
    }
}

/// <summary>Optional collaborators of <see cref="OperatorHost"/> (tests swap some; production takes the defaults).</summary>
public sealed record OperatorHostSettings
{
    /// <summary>Null runs the controllers without leader election (a single replica, or tests).</summary>
    public LeaderElectionOptions? LeaderElection { get; init; }

    public string? Identity { get; init; }
    public IPodExecutor? Executor { get; init; }
    public ITestSuiteSource? TestSuites { get; init; }
    public IEventRecorder? Events { get; init; }
    public OperatorMetrics? Metrics { get; init; }
    public ResilientWatchOptions? WatchOptions { get; init; }

    /// <summary>Cluster mode's Redis, read for the autoscaler's load signals. Null: the autoscaler is off.</summary>
    public IRedisClient? Redis { get; init; }

    public AutoscalerMetrics? AutoscalerMetrics { get; init; }
}
