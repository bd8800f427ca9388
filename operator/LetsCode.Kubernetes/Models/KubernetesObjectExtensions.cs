namespace LetsCode.Kubernetes.Models;

/// <summary>Small conveniences every controller needs: owner references, finalizers, deletion state.</summary>
public static class KubernetesObjectExtensions
{
    /// <summary>
    /// The ownerReference that makes <paramref name="owner"/> the controller of another object: garbage collection
    /// deletes the owned object with its owner, and a foreground delete of the owner waits for it.
    /// </summary>
    public static OwnerReference ControllerReference(this IKubernetesObject owner) => new()
    {
        ApiVersion = owner.ApiVersion ?? throw new ArgumentException("The owner has no apiVersion.", nameof(owner)),
        Kind = owner.Kind ?? throw new ArgumentException("The owner has no kind.", nameof(owner)),
        Name = owner.Metadata.Name ?? throw new ArgumentException("The owner has no name.", nameof(owner)),
        Uid = owner.Metadata.Uid ?? throw new ArgumentException("The owner has no uid (it must be read from the server).", nameof(owner)),
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>The ownerReference with controller=true, if any.</summary>
    public static OwnerReference? ControllerOf(this IKubernetesObject value) =>
        value.Metadata.OwnerReferences?.FirstOrDefault(reference => reference.Controller == true);

    /// <summary>True when <paramref name="owner"/> (matched by uid) controls <paramref name="value"/>.</summary>
    public static bool IsControlledBy(this IKubernetesObject value, IKubernetesObject owner) =>
        value.ControllerOf() is { Uid: { } uid } && uid == owner.Metadata.Uid;

    public static bool HasFinalizer(this IKubernetesObject value, string finalizer) =>
        value.Metadata.Finalizers?.Contains(finalizer) == true;

    /// <summary>A delete was requested; the object stays until its finalizers are removed.</summary>
    public static bool IsBeingDeleted(this IKubernetesObject value) => value.Metadata.DeletionTimestamp is not null;

    public static string? Label(this IKubernetesObject value, string key) => value.Metadata.Labels?.GetValueOrDefault(key);

    public static string? Annotation(this IKubernetesObject value, string key) => value.Metadata.Annotations?.GetValueOrDefault(key);
}
