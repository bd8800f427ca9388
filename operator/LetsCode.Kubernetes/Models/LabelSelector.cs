namespace LetsCode.Kubernetes.Models;

/// <summary>metav1.LabelSelector as used inside objects (NetworkPolicy, owner selectors).</summary>
public sealed class LabelSelector : KubernetesModel
{
    public Dictionary<string, string>? MatchLabels { get; set; }
    public List<LabelSelectorRequirement>? MatchExpressions { get; set; }
}

public sealed class LabelSelectorRequirement : KubernetesModel
{
    public string? Key { get; set; }

    /// <summary>In, NotIn, Exists or DoesNotExist.</summary>
    public string? Operator { get; set; }
    public List<string>? Values { get; set; }
}
