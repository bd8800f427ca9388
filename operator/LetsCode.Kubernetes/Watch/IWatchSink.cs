using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Watch;

/// <summary>Where a <see cref="ResilientWatcher{T}"/> delivers: a full state after each (re)list, then changes.</summary>
public interface IWatchSink<T>
    where T : class, IKubernetesObject
{
    /// <summary>The complete current set (after the first list, and after a relist when a watch expired).</summary>
    void Replace(IReadOnlyList<T> items, string? resourceVersion);

    /// <summary>An ADDED, MODIFIED or DELETED event (bookmarks are consumed by the watcher).</summary>
    void Apply(WatchEvent<T> watchEvent);
}
