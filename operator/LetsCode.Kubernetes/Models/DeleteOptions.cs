namespace LetsCode.Kubernetes.Models;

/// <summary>The body of a DELETE.</summary>
public sealed class DeleteOptions : KubernetesModel
{
    public string? ApiVersion { get; set; } = "v1";
    public string? Kind { get; set; } = "DeleteOptions";

    /// <summary>Orphan, Background or Foreground.</summary>
    public string? PropagationPolicy { get; set; }
    public long? GracePeriodSeconds { get; set; }
    public Preconditions? Preconditions { get; set; }
    public List<string>? DryRun { get; set; }
}

/// <summary>Delete only if the object still has this uid / resourceVersion (409 Conflict otherwise).</summary>
public sealed class Preconditions : KubernetesModel
{
    public string? Uid { get; set; }
    public string? ResourceVersion { get; set; }
}

public static class PropagationPolicy
{
    public const string Orphan = "Orphan";
    public const string Background = "Background";
    public const string Foreground = "Foreground";
}
