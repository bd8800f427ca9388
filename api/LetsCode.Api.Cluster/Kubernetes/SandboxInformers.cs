using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Watch;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// The API's two caches of the sandbox namespace: WarmPools (capacity) and Submissions (active resources, status).
/// One list+watch per kind per replica, shared by every dispatcher and the status sync, so reading capacity costs
/// no API call. <see cref="RunAsync"/> keeps both in sync until cancelled (relisting after a broken watch).
/// </summary>
public sealed class SandboxInformers
{
    public SandboxInformers(
        IResourceClient<WarmPool> pools,
        IResourceClient<Submission> submissions,
        string @namespace,
        SubmissionResourceOptions options,
        ResilientWatchOptions? watchOptions = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        Namespace = @namespace;
        Options = options;
        var watch = (watchOptions ?? new ResilientWatchOptions()) with { Namespace = @namespace };
        Pools = new Informer<WarmPool>(pools, watch, loggerFactory: loggerFactory, timeProvider: time);
        Submissions = new Informer<Submission>(submissions, watch, loggerFactory: loggerFactory, timeProvider: time);
        // Finished resources stay cached until their TTL: the dispatchers' frequent reads go through an index.
        Submissions.Cache.AddIndexer(LanguageIndex, static s => [s.Spec.Language]);
        Feed = new SubmissionStatusFeed(Submissions, @namespace);
        TestRuns = new TestRunCompletions(Submissions, @namespace);
    }

    /// <summary>Index of <see cref="Submissions"/> by spec.language.</summary>
    public const string LanguageIndex = "language";

    public string Namespace { get; }

    public SubmissionResourceOptions Options { get; }

    public Informer<WarmPool> Pools { get; }

    public Informer<Submission> Submissions { get; }

    /// <summary>Fans Submission changes out to status readers (one informer handler, any number of readers).</summary>
    public SubmissionStatusFeed Feed { get; }

    /// <summary>Waits of custom runs (POST /api/test) for their resource to finish.</summary>
    public TestRunCompletions TestRuns { get; }

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Pools.RunAsync(cancellationToken), Submissions.RunAsync(cancellationToken));

    /// <summary>True once the informer has its first list, waiting at most <see cref="SubmissionResourceOptions.SyncWait"/>.</summary>
    public async Task<bool> WaitForSyncAsync<T>(Informer<T> informer, CancellationToken cancellationToken)
        where T : class, LetsCode.Kubernetes.Models.IKubernetesObject
    {
        if (informer.HasSynced)
        {
            return true;
        }
        try
        {
            await informer.WaitForSyncAsync(cancellationToken).WaitAsync(Options.SyncWait, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
