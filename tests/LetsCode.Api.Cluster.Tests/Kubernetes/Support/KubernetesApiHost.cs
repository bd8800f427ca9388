using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Config;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LetsCode.Api.Cluster.Tests.Kubernetes.Support;

/// <summary>
/// One API replica: the shipped Program in cluster mode (AddLetsCode, AddLetsCodeCluster, AddKubernetesSandbox), with
/// only the Kubernetes connection pointed at the simulated API server (no in-memory seams, no fixed language catalog).
/// </summary>
public sealed class KubernetesApiHost(IReadOnlyDictionary<string, string?> settings, Uri apiServer) : ClusterReplicaFactory(settings)
{
    public const string Token = "operator-token";

    public static Dictionary<string, string?> Settings(string redis, string postgres, string dataDirectory)
    {
        var settings = BaseSettings(redis, postgres, dataDirectory, $"k{Guid.NewGuid():N}"[..13], "replica-k8s", Token);
        settings["Cluster:Namespace"] = SandboxNamespace.Namespace;
        settings["Cluster:Kubernetes:TtlSecondsAfterFinished"] = "30";
        return settings;
    }

    protected override void ReplaceServices(IServiceCollection services)
    {
        // In a pod the client comes from the service account; here, from the simulator's address.
        services.RemoveAll<KubernetesApiClient>();
        services.AddSingleton(provider => new KubernetesApiClient(
            new KubernetesClientConfiguration { Server = apiServer, Namespace = SandboxNamespace.Namespace },
            loggerFactory: provider.GetService<ILoggerFactory>()));
    }
}
