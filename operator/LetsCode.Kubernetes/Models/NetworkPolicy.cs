namespace LetsCode.Kubernetes.Models;

/// <summary>networking.k8s.io/v1 NetworkPolicy. Empty ingress/egress lists with both policy types = deny all.</summary>
public sealed class NetworkPolicy : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "networking.k8s.io/v1";
    public string? Kind { get; set; } = "NetworkPolicy";
    public ObjectMeta Metadata { get; set; } = new();
    public NetworkPolicySpec? Spec { get; set; }
}

public sealed class NetworkPolicySpec : KubernetesModel
{
    public LabelSelector? PodSelector { get; set; }

    /// <summary>"Ingress" and/or "Egress".</summary>
    public List<string>? PolicyTypes { get; set; }
    public List<NetworkPolicyIngressRule>? Ingress { get; set; }
    public List<NetworkPolicyEgressRule>? Egress { get; set; }
}

public sealed class NetworkPolicyIngressRule : KubernetesModel
{
    public List<NetworkPolicyPeer>? From { get; set; }
    public List<NetworkPolicyPort>? Ports { get; set; }
}

public sealed class NetworkPolicyEgressRule : KubernetesModel
{
    public List<NetworkPolicyPeer>? To { get; set; }
    public List<NetworkPolicyPort>? Ports { get; set; }
}

public sealed class NetworkPolicyPeer : KubernetesModel
{
    public LabelSelector? PodSelector { get; set; }
    public LabelSelector? NamespaceSelector { get; set; }
    public IpBlock? IpBlock { get; set; }
}

public sealed class IpBlock : KubernetesModel
{
    public string? Cidr { get; set; }
    public List<string>? Except { get; set; }
}

public sealed class NetworkPolicyPort : KubernetesModel
{
    public string? Protocol { get; set; }
    public IntOrString? Port { get; set; }
    public int? EndPort { get; set; }
}
