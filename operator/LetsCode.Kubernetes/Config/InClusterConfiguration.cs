using System.Security.Cryptography.X509Certificates;

namespace LetsCode.Kubernetes.Config;

/// <summary>
/// The configuration of a pod's service account: KUBERNETES_SERVICE_HOST/_PORT and the files the kubelet mounts at
/// /var/run/secrets/kubernetes.io/serviceaccount (token, ca.crt, namespace).
/// </summary>
public static class InClusterConfiguration
{
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static bool IsAvailable(Func<string, string?>? environment = null, string directory = DefaultDirectory)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST"))
            && !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_PORT"))
            && File.Exists(Path.Combine(directory, "token"));
    }

    public static KubernetesClientConfiguration Load(
        Func<string, string?>? environment = null, string directory = DefaultDirectory, TimeProvider? timeProvider = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubernetesConfigurationException(
                "Not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set.");
        }

        var tokenPath = Path.Combine(directory, "token");
        if (!File.Exists(tokenPath))
        {
            throw new KubernetesConfigurationException($"The service account token {tokenPath} does not exist.");
        }

        // An IPv6 service address needs brackets in a URL.
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        var caPath = Path.Combine(directory, "ca.crt");
        var namespacePath = Path.Combine(directory, "namespace");
        X509Certificate2Collection? authorities = null;
        if (File.Exists(caPath))
        {
            authorities = [];
            authorities.ImportFromPemFile(caPath);
        }

        return new KubernetesClientConfiguration
        {
            Server = new Uri($"https://{authority}"),
            Namespace = File.Exists(namespacePath) ? File.ReadAllText(namespacePath).Trim() : "default",
            TokenSource = new FileTokenSource(tokenPath, timeProvider),
            CertificateAuthorities = authorities,
        };
    }
}
