namespace LetsCode.Kubernetes.Models;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}

/// <summary>
/// One line of a watch stream. <see cref="Object"/> is set for Added/Modified/Deleted/Bookmark (a bookmark carries
/// only metadata.resourceVersion); <see cref="Status"/> for Error.
/// </summary>
public sealed record WatchEvent<T>(WatchEventType Type, T? Object, Status? Status)
    where T : class, IKubernetesObject;
