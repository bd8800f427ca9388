using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Tests.Informers;

public sealed class InformerCacheTests
{
    private static Pod Pod(string ns, string name, string version, params (string Key, string Value)[] labels) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = ns,
            Name = name,
            ResourceVersion = version,
            Labels = labels.ToDictionary(l => l.Key, l => l.Value),
        },
    };

    [Fact]
    public void Label_index_follows_updates_and_removals()
    {
        var cache = new InformerCache<Pod>();
        cache.Upsert(Pod("a", "p1", "1", ("pool", "py"), ("state", "idle")));
        cache.Upsert(Pod("a", "p2", "2", ("pool", "py"), ("state", "claimed")));
        cache.Upsert(Pod("b", "p3", "3", ("pool", "py"), ("state", "idle")));

        Assert.Equal(3, cache.ByLabel("pool", "py").Count);
        Assert.Equal(["p1", "p3"], cache.ByLabels(new Dictionary<string, string> { ["pool"] = "py", ["state"] = "idle" }).Select(p => p.Metadata.Name).Order());
        Assert.Equal(["p1"], cache.ByLabels(new Dictionary<string, string> { ["state"] = "idle" }, "a").Select(p => p.Metadata.Name));

        var previous = cache.Upsert(Pod("a", "p1", "4", ("pool", "py"), ("state", "claimed")));
        Assert.Equal("1", previous!.Metadata.ResourceVersion);
        Assert.Equal(["p3"], cache.ByLabel("state", "idle").Select(p => p.Metadata.Name));

        Assert.NotNull(cache.Remove(new ObjectKey("b", "p3")));
        Assert.Empty(cache.ByLabel("state", "idle"));
        Assert.Null(cache.Remove(new ObjectKey("b", "p3")));
        Assert.Equal(2, cache.Count);
        Assert.Equal("4", cache.Get("a", "p1")!.Metadata.ResourceVersion);
        Assert.Single(cache.List("a"), p => p.Metadata.Name == "p2");
    }

    [Fact]
    public void Custom_indexers_cover_existing_and_new_objects()
    {
        var cache = new InformerCache<Pod>();
        var owned = Pod("a", "p1", "1");
        owned.Metadata.OwnerReferences = [new OwnerReference { Uid = "pool-uid", Kind = "WarmPool", Name = "py", Controller = true }];
        cache.Upsert(owned);
        cache.AddIndexer("owner", p => p.Metadata.OwnerReferences?.Select(o => o.Uid!) ?? []);
        var second = Pod("a", "p2", "2");
        second.Metadata.OwnerReferences = owned.Metadata.OwnerReferences;
        cache.Upsert(second);

        Assert.Equal(2, cache.ByIndex("owner", "pool-uid").Count);
        Assert.Throws<ArgumentException>(() => cache.ByIndex("missing", "x"));
    }

    [Fact]
    public void Keys_print_like_kubectl()
    {
        Assert.Equal("ns/name", new ObjectKey("ns", "name").ToString());
        Assert.Equal("node1", new ObjectKey("", "node1").ToString());
        Assert.Equal(new ObjectKey("ns", "name"), ObjectKey.Parse("ns/name"));
    }
}
