using LetsCode.Api.Cluster.Arrivals;
using LetsCode.Api.Cluster.Configuration;
using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Cluster.Health;
using LetsCode.Api.Cluster.Live;
using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Cluster.Status;
using LetsCode.Api.Cluster.TestData;
using LetsCode.Api.Configuration;
using LetsCode.Api.Health;
using LetsCode.Api.Live;
using LetsCode.Api.Processing;
using LetsCode.Api.Queue;
using LetsCode.Redis;
using LetsCode.Redis.Connection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Cluster.Composition;

/// <summary>
/// Cluster mode (issue 6) on top of the embedded service's registrations (call after AddLetsCode): replaces exactly
/// the seams (storage provider and connection, queue, live updates, start-up), removes the in-process judge workers,
/// and adds the Redis queue machinery, the dispatcher and the status sync. The host must also register an
/// <see cref="ISandboxCapacity"/> and an <see cref="ISubmissionResources"/> (the operator's Kubernetes client).
/// </summary>
public static class ClusterServiceRegistration
{
    public static IServiceCollection AddLetsCodeCluster(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.Section))
            // The Helm chart passes the token as Internal__Token.
            .PostConfigure(o => o.InternalToken ??= configuration["Internal:Token"])
            .Validate(o => !string.IsNullOrWhiteSpace(o.InternalToken), "Cluster:InternalToken is required in cluster mode (the operator's test-data token)")
            .Validate(o => o.ClaimIdleSeconds > o.LeaseSeconds, "Cluster:ClaimIdleSeconds must exceed Cluster:LeaseSeconds")
            .ValidateOnStart();
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        var postgres = configuration.GetConnectionString("Postgres");
        var redisConnection = configuration.GetConnectionString("Redis")
            ?? throw new InvalidOperationException("ConnectionStrings:Redis is required in cluster mode");
        services.PostConfigure<LetsCodeOptions>(o =>
        {
            o.Mode = ServiceMode.Cluster;
            o.Storage = StorageProvider.Postgres;
            o.ConnectionString = postgres ?? o.ConnectionString
                ?? throw new InvalidOperationException("ConnectionStrings:Postgres is required in cluster mode");
            // Migrations run from ClusterStartupTasks (Database:MigrateOnStartup); the embedded flag follows it.
            o.MigrateOnStart = configuration.GetValue<bool>($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.MigrateOnStartup)}")
                || configuration.GetValue<bool>($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ApplyMigrations)}");
        });

        // Redis: one client per process (multiplexed), connecting in the background so start-up does not fail on a
        // Redis that is still starting; commands wait for it up to the reconnect timeout.
        services.TryAddSingleton<IRedisClient>(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("LetsCode.Redis");
            return new RedisClient(RedisOptions.Parse(redisConnection) with
            {
                AbortOnConnectFail = false,
                OnConnectionEvent = e => logger.LogInformation(e.Error, "Redis {Role} {Kind} ({EndPoint})", e.Role, e.Kind, e.EndPoint),
            });
        });
        services.TryAddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.KeyPrefix));
        services.TryAddSingleton<IClusterQueue>(sp => new RedisClusterQueue(
            sp.GetRequiredService<IRedisClient>(), sp.GetRequiredService<RedisKeys>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ArrivalRetentionMinutes));
        services.TryAddSingleton<IArrivalRates>(sp => new RedisArrivalRates(
            sp.GetRequiredService<IRedisClient>(), sp.GetRequiredService<RedisKeys>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ArrivalRetentionMinutes));
        services.Replace(ServiceDescriptor.Singleton<IQueuePositions, RedisQueuePositions>());
        services.TryAddSingleton<QueueDepthGauge>();
        services.AddHealthChecks().AddReadinessCheck<RedisReadinessCheck>(RedisReadinessCheck.Name);

        // The embedded seams, replaced.
        services.Replace(ServiceDescriptor.Singleton<ISubmissionQueue, ClusterSubmissionQueue>());
        services.TryAddSingleton<LocalLiveFanout>();
        services.Replace(ServiceDescriptor.Singleton<ILiveUpdates, RedisLiveUpdates>());
        ReplaceHostedService<StartupTasks, ClusterStartupTasks>(services);
        // Test data every replica can read: PostgreSQL unless Cluster:TestDataStore=File (the embedded file store,
        // then on one ReadWriteMany volume at DataDirectory).
        if (configuration.GetValue($"{ClusterOptions.Section}:{nameof(ClusterOptions.TestDataStore)}", TestDataStoreKind.Postgres) == TestDataStoreKind.Postgres)
        {
            services.Replace(ServiceDescriptor.Singleton<Storage.ITestDataStore>(sp =>
                new PostgresTestDataStore(sp.GetRequiredService<IOptions<LetsCodeOptions>>().Value.ConnectionString!)));
        }
        RemoveHostedService<SubmissionWorkerPool>(services);

        // Dispatch and status.
        services.TryAddSingleton(sp => new TestSuiteHashes(sp.GetRequiredService<Storage.ITestDataStore>()));
        services.TryAddSingleton<DispatchPreparer>();
        services.TryAddSingleton<StatusRecorder>();
        services.TryAddSingleton<QueueSweeper>();
        services.TryAddSingleton<DispatcherHost>();
        services.TryAddSingleton<LiveRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveRelay>());
        services.AddHostedService<QueueDepthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueSweeper>());
        services.AddHostedService(sp => sp.GetRequiredService<DispatcherHost>());
        services.AddHostedService<StatusSync>();

        // Internal endpoints, only in cluster mode (until MapLetsCode maps them itself, see docs/cluster-mode.md).
        services.AddSingleton<IStartupFilter, ClusterEndpointsStartupFilter>();
        return services;
    }

    private static void ReplaceHostedService<TOld, TNew>(IServiceCollection services)
        where TNew : class, IHostedService
    {
        var index = IndexOfHostedService<TOld>(services);
        var replacement = ServiceDescriptor.Singleton<IHostedService, TNew>();
        if (index < 0)
        {
            services.Add(replacement);
        }
        else
        {
            // Same position: start-up still runs before everything registered after it.
            services[index] = replacement;
        }
    }

    private static void RemoveHostedService<T>(IServiceCollection services)
    {
        var index = IndexOfHostedService<T>(services);
        if (index >= 0)
        {
            services.RemoveAt(index);
        }
    }

    private static int IndexOfHostedService<T>(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType == typeof(T))
            {
                return i;
            }
        }
        return -1;
    }
}
