namespace LetsCode.Kubernetes.Models;

/// <summary>metav1.Status: the body of every API error, of some DELETE answers, and of the exec status channel.</summary>
public sealed class Status : KubernetesModel
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public ListMeta? Metadata { get; set; }

    /// <summary>The JSON field "status": "Success" or "Failure".</summary>
    [System.Text.Json.Serialization.JsonPropertyName("status")]
    public string? Outcome { get; set; }

    public string? Message { get; set; }

    /// <summary>Machine-readable: NotFound, AlreadyExists, Conflict, Invalid, Forbidden, Expired, NonZeroExitCode, ...</summary>
    public string? Reason { get; set; }
    public StatusDetails? Details { get; set; }
    public int? Code { get; set; }
}

public sealed class StatusDetails : KubernetesModel
{
    public string? Name { get; set; }
    public string? Group { get; set; }
    public string? Kind { get; set; }
    public string? Uid { get; set; }
    public List<StatusCause>? Causes { get; set; }
    public int? RetryAfterSeconds { get; set; }
}

public sealed class StatusCause : KubernetesModel
{
    public string? Reason { get; set; }
    public string? Message { get; set; }
    public string? Field { get; set; }
}
