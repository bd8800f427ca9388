using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace LetsCode.Kubernetes.Config;

/// <summary>How to reach and authenticate to one API server: the result of reading a kubeconfig or the in-cluster files.</summary>
public sealed class KubernetesClientConfiguration
{
    public required Uri Server { get; init; }

    /// <summary>The context's namespace (or the service account's in a cluster); "default" when unset.</summary>
    public string Namespace { get; init; } = "default";

    public IBearerTokenSource? TokenSource { get; init; }

    /// <summary>The client certificate with its private key, for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The CAs that sign the server's certificate; null trusts the system store.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    public bool SkipTlsVerify { get; init; }

    /// <summary>Overrides the name checked against the server certificate (kubeconfig tls-server-name).</summary>
    public string? TlsServerName { get; init; }

    /// <summary>In a pod: the service account; elsewhere: $KUBECONFIG or ~/.kube/config with its current context.</summary>
    public static KubernetesClientConfiguration LoadDefault() =>
        InClusterConfiguration.IsAvailable() ? InClusterConfiguration.Load() : KubeconfigLoader.Load();

    /// <summary>
    /// The handler chain for API calls (and for exec's WebSocket upgrade): TLS as configured, bearer token set on
    /// every request so a rotated token is picked up without a new client.
    /// </summary>
    public HttpMessageHandler CreateHandler()
    {
        var sockets = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Without it an unreachable server hangs a connect (and so a watch) for as long as the OS retries.
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // Watches are long-lived requests; many may be open to one server at once.
            MaxConnectionsPerServer = int.MaxValue,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            SslOptions = CreateSslOptions(),
        };

        return TokenSource is null ? sockets : new BearerTokenHandler(TokenSource) { InnerHandler = sockets };
    }

    internal SslClientAuthenticationOptions CreateSslOptions()
    {
        var options = new SslClientAuthenticationOptions { TargetHost = TlsServerName };
        if (ClientCertificate is not null)
        {
            options.ClientCertificates = [ClientCertificate];
        }

        if (SkipTlsVerify)
        {
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (CertificateAuthorities is { Count: > 0 })
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(CertificateAuthorities);
            options.CertificateChainPolicy = policy;
        }

        return options;
    }
}
