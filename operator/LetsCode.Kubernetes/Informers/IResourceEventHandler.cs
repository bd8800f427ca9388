using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Informers;

/// <summary>
/// Notified after the cache changed. Called on the informer's watch loop: keep it quick (enqueue a key), do not
/// call the API from here. The objects are the cached instances: treat them as read-only.
/// </summary>
public interface IResourceEventHandler<in T>
    where T : class, IKubernetesObject
{
    void OnAdd(T value);

    void OnUpdate(T oldValue, T newValue);

    void OnDelete(T value);
}

/// <summary>An <see cref="IResourceEventHandler{T}"/> from delegates.</summary>
public sealed class ResourceEventHandler<T>(Action<T>? onAdd = null, Action<T, T>? onUpdate = null, Action<T>? onDelete = null)
    : IResourceEventHandler<T>
    where T : class, IKubernetesObject
{
    /// <summary>One callback for every change: the usual "enqueue the key" handler of a level-triggered controller.</summary>
    public static ResourceEventHandler<T> ForAny(Action<T> onChange) =>
        new(onChange, (_, value) => onChange(value), onChange);

    public void OnAdd(T value) => onAdd?.Invoke(value);

    public void OnUpdate(T oldValue, T newValue) => onUpdate?.Invoke(oldValue, newValue);

    public void OnDelete(T value) => onDelete?.Invoke(value);
}
