using LetsCode.Api.Languages;
using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Api.Cluster.Tests.Kubernetes.Support;
using LetsCode.Judge.Languages;

namespace LetsCode.Api.Cluster.Tests.Kubernetes;

/// <summary>The WarmPool language catalog over a replica's informer, against the simulated API server.</summary>
public sealed class WarmPoolLanguageCatalogTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private SandboxNamespace cluster = null!;

    public async Task InitializeAsync() => cluster = await SandboxNamespace.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task The_catalog_follows_pools_being_added_and_deleted()
    {
        var replica = cluster.StartReplica();
        ILanguageCatalog catalog = new WarmPoolLanguageCatalog(replica.Informers, [], LanguageRegistry.CreateDefault());
        await replica.Informers.Pools.WaitForSyncAsync(default);
        Assert.Empty(catalog.Available);
        Assert.False(catalog.IsAvailable("python3"));

        await cluster.CreatePoolAsync("python3", "python3", min: 0, max: 1);
        await cluster.CreatePoolAsync("rust", "rust", min: 0, max: 1);
        await SandboxNamespace.EventuallyAsync(() => Task.FromResult(catalog.Available.Select(l => l.Name).ToList()),
            names => names.SequenceEqual(["python3", "rust"]), Wait, "languages after two pools");
        Assert.True(catalog.IsAvailable("rust"));
        Assert.Equal("test", catalog.Available[0].Version);

        await cluster.Pools.DeleteAsync(SandboxNamespace.Namespace, "rust");
        await SandboxNamespace.EventuallyAsync(() => Task.FromResult(catalog.Available.Select(l => l.Name).ToList()),
            names => names.SequenceEqual(["python3"]), Wait, "languages after deleting a pool");
        Assert.False(catalog.IsAvailable("rust"));
    }
}
