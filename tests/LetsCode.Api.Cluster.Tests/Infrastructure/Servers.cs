using LetsCode.Testing.Postgres;
using LetsCode.Testing.Redis;

namespace LetsCode.Api.Cluster.Tests.Infrastructure;

/// <summary>One redis-server and one PostgreSQL for the tests that do not stop them (each test uses its own key prefix and database).</summary>
public sealed class SharedServers : IAsyncLifetime
{
    public RedisServerFixture Redis { get; } = new();

    public PostgresServerFixture Postgres { get; } = new();

    public async Task InitializeAsync() => await Task.WhenAll(Redis.InitializeAsync(), Postgres.InitializeAsync());

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    public async Task<ClusterDatabase> CreateDatabaseAsync(string hint) =>
        await ClusterDatabase.CreateAsync(await Postgres.CreateUniqueDatabaseAsync(hint));

    public static string NewPrefix() => $"t{Guid.NewGuid():N}"[..13];
}

[CollectionDefinition(Name)]
public sealed class SharedServersCollection : ICollectionFixture<SharedServers>
{
    public const string Name = "shared redis and postgres";
}
