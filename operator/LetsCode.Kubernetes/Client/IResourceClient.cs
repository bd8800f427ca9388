using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Client;

/// <summary>
/// The verbs on one kind. For namespaced kinds every call names the namespace; for cluster-scoped kinds pass null.
/// Errors are <see cref="KubernetesApiException"/> subclasses (NotFound, AlreadyExists, Conflict, Gone, Forbidden,
/// Invalid, TooManyRequests). Small on purpose, so the operator can be tested against a fake of it.
/// </summary>
public interface IResourceClient<T>
    where T : class, IKubernetesObject
{
    ResourceType<T> Type { get; }

    Task<T> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>One page; <see cref="ListOptions.Limit"/> and metadata.continue page through large collections.</summary>
    Task<KubernetesList<T>> ListAsync(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Creates in value.metadata.namespace; metadata.generateName gives a server-chosen name.</summary>
    Task<T> CreateAsync(T value, CancellationToken cancellationToken = default);

    /// <summary>PUT: needs metadata.resourceVersion for optimistic concurrency (409 Conflict if stale). Status is ignored by the server when the kind has a status subresource.</summary>
    Task<T> ReplaceAsync(T value, CancellationToken cancellationToken = default);

    Task<T> PatchAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default);

    /// <summary>Returns once the server accepted the delete; with finalizers the object lingers with a deletionTimestamp.</summary>
    Task DeleteAsync(string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default);

    Task<T> GetStatusAsync(string? @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>PUT on /status: only the status is written; needs metadata.resourceVersion.</summary>
    Task<T> ReplaceStatusAsync(T value, CancellationToken cancellationToken = default);

    Task<T> PatchStatusAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default);

    /// <summary>
    /// One watch connection: events until the server ends it (timeoutSeconds) or it breaks (IOException). An ERROR
    /// event is thrown as the typed exception of its Status (410 becomes <see cref="GoneException"/>). For a watch that
    /// never stops, use <see cref="Watch.ResilientWatcher{T}"/> or an informer.
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(string? @namespace, WatchOptions? options = null, CancellationToken cancellationToken = default);
}
