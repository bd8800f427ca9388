using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Kubernetes.Client;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// <see cref="ISubmissionResources"/> on the API server: creates go to the server (idempotent by name), reads come
/// from the Submission informer cache, status from <see cref="SubmissionStatusFeed"/>. Finished resources are left to
/// the operator, which deletes them <see cref="SubmissionResourceOptions.TtlSecondsAfterFinished"/> after they finish.
/// </summary>
public sealed class KubernetesSubmissionResources(IResourceClient<Submission> client, SandboxInformers informers) : ISubmissionResources
{
    public async Task<CreateOutcome> CreateAsync(SubmissionResourceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var resource = SubmissionResourceMapper.ToResource(spec, informers.Namespace, informers.Options);
        try
        {
            await client.CreateAsync(resource, cancellationToken);
            return CreateOutcome.Created;
        }
        catch (AlreadyExistsException)
        {
            // A retry after a lost answer, or another replica took over the entry: the name is the submission's, so
            // the existing resource is this very job. Never create it under another name.
            return CreateOutcome.AlreadyExisted;
        }
    }

    /// <summary>
    /// From the informer cache. Fails (rather than answer "none") until the cache has its first list: an empty answer
    /// would let the dispatcher overfill the pool right after a restart.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> ListActiveAsync(string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(language);
        if (!await informers.WaitForSyncAsync(informers.Submissions, cancellationToken))
        {
            throw new InvalidOperationException(
                $"The Submission informer of namespace '{informers.Namespace}' has not listed yet (is the API server reachable?)");
        }
        // Every unfinished Submission of the language holds or waits for a pod of its pool, whoever created it.
        return informers.Submissions.Cache.ByIndex(SandboxInformers.LanguageIndex, language)
            .Where(s => s.Metadata.Namespace == informers.Namespace && SubmissionResourceMapper.IsActive(s))
            .Select(s => s.Metadata.Name ?? "")
            .ToHashSet(StringComparer.Ordinal);
    }

    public IAsyncEnumerable<SubmissionResourceStatus> WatchAsync(CancellationToken cancellationToken) =>
        informers.Feed.ReadAsync(cancellationToken);
}
