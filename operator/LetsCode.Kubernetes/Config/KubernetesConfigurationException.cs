namespace LetsCode.Kubernetes.Config;

/// <summary>A kubeconfig or in-cluster setup that cannot be used, with the reason in plain words.</summary>
public sealed class KubernetesConfigurationException : Exception
{
    public KubernetesConfigurationException(string message)
        : base(message)
    {
    }

    public KubernetesConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
