using System.Text.Json.Serialization;

namespace LetsCode.Kubernetes.Models;

/// <summary>core/v1 Event (what <c>kubectl describe</c> and <c>kubectl get events</c> show).</summary>
public sealed class Event : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "v1";
    public string? Kind { get; set; } = "Event";
    public ObjectMeta Metadata { get; set; } = new();
    public ObjectReference? InvolvedObject { get; set; }
    public string? Reason { get; set; }
    public string? Message { get; set; }

    /// <summary>Normal or Warning.</summary>
    public string? Type { get; set; }
    public int? Count { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? FirstTimestamp { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastTimestamp { get; set; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset? EventTime { get; set; }

    public EventSource? Source { get; set; }
    public string? ReportingComponent { get; set; }
    public string? ReportingInstance { get; set; }
    public string? Action { get; set; }
}

public sealed class ObjectReference : KubernetesModel
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public string? Namespace { get; set; }
    public string? Name { get; set; }
    public string? Uid { get; set; }
    public string? ResourceVersion { get; set; }
    public string? FieldPath { get; set; }
}

public sealed class EventSource : KubernetesModel
{
    public string? Component { get; set; }
    public string? Host { get; set; }
}
