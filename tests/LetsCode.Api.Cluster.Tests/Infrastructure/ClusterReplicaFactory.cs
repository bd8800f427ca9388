using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LetsCode.Api.Cluster.Tests.Infrastructure;

/// <summary>
/// An API replica in-process: the shipped Program (api/LetsCode.Server) with the given settings (Mode=Cluster among
/// them), where a subclass replaces only what cannot run here.
/// </summary>
public abstract class ClusterReplicaFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    /// <summary>Settings of a cluster-mode replica with timings shortened for tests.</summary>
    public static Dictionary<string, string?> BaseSettings(string redis, string postgres, string dataDirectory, string prefix, string consumer, string token) => new()
    {
        ["Mode"] = "Cluster",
        ["LetsCode:DataDirectory"] = dataDirectory,
        ["LetsCode:SystemStatusIntervalSeconds"] = "0.5",
        ["ConnectionStrings:Redis"] = redis,
        ["ConnectionStrings:Postgres"] = postgres,
        ["Database:MigrateOnStartup"] = "true",
        ["Cluster:KeyPrefix"] = prefix,
        ["Cluster:ConsumerName"] = consumer,
        ["Cluster:LeaseSeconds"] = "1",
        ["Cluster:ClaimIdleSeconds"] = "2",
        ["Cluster:ReadBlockSeconds"] = "0.2",
        ["Cluster:CapacityPollSeconds"] = "0.05",
        ["Cluster:SweepIntervalSeconds"] = "1",
        ["Internal:Token"] = token,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(ReplaceServices);
    }

    /// <summary>Runs after the Program's registrations.</summary>
    protected abstract void ReplaceServices(IServiceCollection services);
}
