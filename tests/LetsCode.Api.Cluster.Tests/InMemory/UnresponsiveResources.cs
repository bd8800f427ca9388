using LetsCode.Api.Cluster.Dispatch;

namespace LetsCode.Api.Cluster.Tests.InMemory;

/// <summary>
/// The view of a replica whose API server calls hang (a partition): reads answer, creates never complete. Used to
/// freeze a replica while it holds stream entries, then kill it.
/// </summary>
public sealed class UnresponsiveResources(ISubmissionResources inner) : ISubmissionResources
{
    private int attempts;

    public int CreateAttempts => Volatile.Read(ref attempts);

    public async Task<CreateOutcome> CreateAsync(SubmissionResourceSpec spec, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref attempts);
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    public Task<IReadOnlyCollection<string>> ListActiveAsync(string language, CancellationToken cancellationToken) =>
        inner.ListActiveAsync(language, cancellationToken);

    public bool ListIncludesOwnCreates => inner.ListIncludesOwnCreates;

    public IAsyncEnumerable<SubmissionResourceStatus> WatchAsync(CancellationToken cancellationToken) => inner.WatchAsync(cancellationToken);
}
