namespace LetsCode.Kubernetes.Models;

/// <summary>A top-level API object: what the resource client, the watch and the informer are generic over.</summary>
public interface IKubernetesObject
{
    string? ApiVersion { get; set; }
    string? Kind { get; set; }
    ObjectMeta Metadata { get; set; }
}
