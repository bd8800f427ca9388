using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Informers;

/// <summary>namespace/name: how caches and work queues refer to an object (Namespace is "" for cluster-scoped kinds).</summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    public static ObjectKey Of(IKubernetesObject value) =>
        new(value.Metadata.Namespace ?? "", value.Metadata.Name ?? throw new ArgumentException("The object has no metadata.name.", nameof(value)));

    public static ObjectKey Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new ObjectKey("", text) : new ObjectKey(text[..slash], text[(slash + 1)..]);
    }

    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
