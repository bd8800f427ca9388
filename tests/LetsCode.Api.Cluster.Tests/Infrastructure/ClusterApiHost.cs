using LetsCode.Api.Cluster.Health;
using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Contracts;
using LetsCode.Api.Languages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace LetsCode.Api.Cluster.Tests.Infrastructure;

/// <summary>
/// One API replica: the shipped Program (api/LetsCode.Server) started with Mode=Cluster, sharing PostgreSQL, Redis and
/// the sandboxes with the other replicas. Only the Kubernetes seams (capacity, Submission resources, the informers
/// that feed them, the readiness check on those informers, and the custom-run janitor that reads them) are replaced
/// by the in-memory sandbox cluster or removed;
/// everything else is what a deployment runs.
/// </summary>
public sealed class ClusterApiHost(IReadOnlyDictionary<string, string?> settings, InMemory.InMemorySandboxCluster sandboxes)
    : ClusterReplicaFactory(settings)
{
    public const string Token = "operator-secret";

    public static Dictionary<string, string?> Settings(string redis, string postgres, string dataDirectory, string prefix, string consumer)
    {
        var settings = BaseSettings(redis, postgres, dataDirectory, prefix, consumer, Token);
        settings["Cluster:Languages:0"] = "python3";
        return settings;
    }

    protected override void ReplaceServices(IServiceCollection services)
    {
        RemoveHostedService<SandboxInformersService>(services);
        RemoveHostedService<TestRunJanitor>(services);
        services.Configure<HealthCheckServiceOptions>(o =>
        {
            foreach (var informers in o.Registrations.Where(r => r.Name == SandboxInformersReadinessCheck.Name).ToList())
            {
                o.Registrations.Remove(informers);
            }
        });
        services.RemoveAll<ISandboxCapacity>();
        services.RemoveAll<ISubmissionResources>();
        services.AddSingleton<ISandboxCapacity>(sandboxes);
        services.AddSingleton<ISubmissionResources>(sandboxes);
        services.RemoveAll<ILanguageCatalog>();
        services.AddSingleton<ILanguageCatalog>(new FixedLanguageCatalog([new LanguageDocument("python3", "3.11", false, true)]));
    }

    /// <summary>The informers (and the janitor over them) would use a Kubernetes API server this replica is not given.</summary>
    private static void RemoveHostedService<T>(IServiceCollection services)
    {
        var registration = services.SingleOrDefault(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered: is the host in cluster mode?");
        services.Remove(registration);
    }
}
