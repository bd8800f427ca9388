using LetsCode.Api.Cluster.Composition;
using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Contracts;
using LetsCode.Api.Languages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LetsCode.Api.Cluster.Tests.Infrastructure;

/// <summary>
/// One API replica: the embedded service's Program with cluster mode added on top (AddLetsCodeCluster after
/// AddLetsCode, as the lead will wire it), sharing PostgreSQL, Redis and the sandboxes with the other replicas.
/// </summary>
public sealed class ClusterApiHost(IReadOnlyDictionary<string, string?> settings, InMemory.InMemorySandboxCluster sandboxes)
    : WebApplicationFactory<Program>
{
    public const string Token = "operator-secret";

    public static Dictionary<string, string?> Settings(string redis, string postgres, string dataDirectory, string prefix, string consumer) => new()
    {
        ["Mode"] = "Cluster",
        ["LetsCode:DataDirectory"] = dataDirectory,
        ["LetsCode:SystemStatusIntervalSeconds"] = "0.5",
        ["ConnectionStrings:Redis"] = redis,
        ["ConnectionStrings:Postgres"] = postgres,
        ["Database:MigrateOnStartup"] = "true",
        ["Cluster:KeyPrefix"] = prefix,
        ["Cluster:ConsumerName"] = consumer,
        ["Cluster:Languages:0"] = "python3",
        ["Cluster:LeaseSeconds"] = "1",
        ["Cluster:ClaimIdleSeconds"] = "2",
        ["Cluster:ReadBlockSeconds"] = "0.2",
        ["Cluster:CapacityPollSeconds"] = "0.05",
        ["Cluster:SweepIntervalSeconds"] = "1",
        ["Internal:Token"] = Token,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        builder.ConfigureTestServices(services =>
        {
            services.AddLetsCodeCluster(configuration);
            services.AddSingleton<ISandboxCapacity>(sandboxes);
            services.AddSingleton<ISubmissionResources>(sandboxes);
            services.RemoveAll<ILanguageCatalog>();
            services.AddSingleton<ILanguageCatalog>(new FixedLanguageCatalog([new LanguageDocument("python3", "3.11", false, true)]));
        });
    }
}
