using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Config;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LetsCode.Api.Cluster.Tests.Kubernetes.Support;

/// <summary>
/// One API replica: the shipped Program in cluster mode (AddLetsCode, AddLetsCodeCluster, AddKubernetesSandbox), with
/// only the Kubernetes connection pointed at the simulated API server (no in-memory seams, no fixed language catalog).
/// </summary>
public sealed class KubernetesApiHost(IReadOnlyDictionary<string, string?> settings, Uri apiServer) : WebApplicationFactory<Program>
{
    public const string Token = "operator-token";

    public static Dictionary<string, string?> Settings(string redis, string postgres, string dataDirectory) => new()
    {
        ["Mode"] = "Cluster",
        ["LetsCode:DataDirectory"] = dataDirectory,
        ["ConnectionStrings:Redis"] = redis,
        ["ConnectionStrings:Postgres"] = postgres,
        ["Database:MigrateOnStartup"] = "true",
        ["Cluster:Namespace"] = SandboxNamespace.Namespace,
        ["Cluster:KeyPrefix"] = $"k{Guid.NewGuid():N}"[..13],
        ["Cluster:ConsumerName"] = "replica-k8s",
        ["Cluster:LeaseSeconds"] = "1",
        ["Cluster:ClaimIdleSeconds"] = "2",
        ["Cluster:ReadBlockSeconds"] = "0.2",
        ["Cluster:CapacityPollSeconds"] = "0.05",
        ["Cluster:Kubernetes:TtlSecondsAfterFinished"] = "30",
        ["Internal:Token"] = Token,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            // In a pod the client comes from the service account; here, from the simulator's address.
            services.RemoveAll<KubernetesApiClient>();
            services.AddSingleton(provider => new KubernetesApiClient(
                new KubernetesClientConfiguration { Server = apiServer, Namespace = SandboxNamespace.Namespace },
                loggerFactory: provider.GetService<ILoggerFactory>()));
        });
    }
}
