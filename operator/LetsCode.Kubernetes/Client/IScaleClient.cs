using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Client;

/// <summary>
/// The <c>scale</c> subresource of one kind (GET/PUT/PATCH .../NAME/scale, autoscaling/v1 Scale). A separate
/// interface from <see cref="IResourceClient{T}"/> so that fakes of that one stay valid and so a scaler needs no
/// model of the kind it scales. A kind without a scale subresource answers 404 (<see cref="NotFoundException"/>).
/// </summary>
public interface IScaleClient
{
    ResourceDescriptor Descriptor { get; }

    Task<Scale> GetScaleAsync(string? @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// PUT: writes spec.replicas. With metadata.resourceVersion set (the object's, as read) it is an optimistic lock:
    /// 409 <see cref="ConflictException"/> if the object changed since; without it, last writer wins.
    /// </summary>
    Task<Scale> ReplaceScaleAsync(string? @namespace, string name, Scale scale, CancellationToken cancellationToken = default);

    /// <summary>PATCH with a merge or JSON patch of the Scale, e.g. <c>{"spec":{"replicas":3}}</c>.</summary>
    Task<Scale> PatchScaleAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default);
}
