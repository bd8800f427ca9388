using System.Runtime.CompilerServices;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Operator.Tests.Support;

/// <summary>
/// Passes every call through, but delivers each watch event <c>lag</c> late: an informer built on it sees the
/// server's changes late, as a busy API server or a slow network makes it (the condition behind over-creation bugs).
/// </summary>
public sealed class LaggingWatchClient<T>(IResourceClient<T> inner, TimeSpan lag) : IResourceClient<T>
    where T : class, IKubernetesObject
{
    public ResourceType<T> Type => inner.Type;

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string? @namespace, WatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var watchEvent in inner.WatchAsync(@namespace, options, cancellationToken))
        {
            await Task.Delay(lag, cancellationToken);
            yield return watchEvent;
        }
    }

    public Task<T> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default) => inner.GetAsync(@namespace, name, cancellationToken);
    public Task<KubernetesList<T>> ListAsync(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default) => inner.ListAsync(@namespace, options, cancellationToken);
    public Task<T> CreateAsync(T value, CancellationToken cancellationToken = default) => inner.CreateAsync(value, cancellationToken);
    public Task<T> ReplaceAsync(T value, CancellationToken cancellationToken = default) => inner.ReplaceAsync(value, cancellationToken);
    public Task<T> PatchAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default) => inner.PatchAsync(@namespace, name, patch, cancellationToken);
    public Task DeleteAsync(string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(@namespace, name, options, cancellationToken);
    public Task<T> GetStatusAsync(string? @namespace, string name, CancellationToken cancellationToken = default) => inner.GetStatusAsync(@namespace, name, cancellationToken);
    public Task<T> ReplaceStatusAsync(T value, CancellationToken cancellationToken = default) => inner.ReplaceStatusAsync(value, cancellationToken);
    public Task<T> PatchStatusAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default) => inner.PatchStatusAsync(@namespace, name, patch, cancellationToken);
}
