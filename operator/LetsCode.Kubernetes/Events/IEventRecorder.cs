using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Events;

/// <summary>Records core/v1 Events about objects (shown by kubectl describe). Best effort: never throws.</summary>
public interface IEventRecorder
{
    Task RecordAsync(IKubernetesObject involved, EventKind kind, string reason, string message, CancellationToken cancellationToken = default);
}

public enum EventKind
{
    Normal,
    Warning,
}
