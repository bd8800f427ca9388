using System.Collections.Concurrent;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Tests.Support;
using LetsCode.Kubernetes.Watch;

namespace LetsCode.Kubernetes.Tests.Informers;

public sealed class InformerTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Cache_converges_to_the_server_under_concurrent_changes_and_dropped_watches()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        for (var i = 0; i < 10; i++)
        {
            await configMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Namespace = ns, Name = $"pre-{i}", Labels = new() { ["group"] = "pre" } } });
        }

        var informer = new Informer<ConfigMap>(configMaps, new ResilientWatchOptions
        {
            Namespace = ns,
            ListPageSize = 4,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        }, client.Metrics);
        var adds = new ConcurrentDictionary<string, int>();
        informer.AddHandler(new ResourceEventHandler<ConfigMap>(onAdd: v => adds.AddOrUpdate(v.Metadata.Name!, 1, (_, n) => n + 1)));
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(10, informer.Cache.Count);

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                var name = $"w{w}-{i}";
                await configMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Namespace = ns, Name = name, Labels = new() { ["group"] = $"w{w}" } } });
                if (i % 3 == 0)
                {
                    await configMaps.PatchAsync(ns, name, new MergePatchBuilder().SetLabel("group", "patched").Build());
                }

                if (i % 5 == 0)
                {
                    await configMaps.DeleteAsync(ns, name);
                }
            }
        })).ToArray();
        await Task.Delay(30);
        fixture.Simulator.Faults.DropWatches();
        await Task.WhenAll(writers);

        var (expected, _) = await configMaps.ListAllAsync(ns);
        await Eventually.TrueAsync(() =>
        {
            var cached = informer.Cache.List().ToDictionary(c => c.Metadata.Name!, c => c.Metadata.ResourceVersion);
            return cached.Count == expected.Count && expected.All(e => cached.GetValueOrDefault(e.Metadata.Name!) == e.Metadata.ResourceVersion);
        }, "cache == server");

        var patched = expected.Count(e => e.Metadata.Labels?["group"] == "patched");
        Assert.Equal(patched, informer.Cache.ByLabel("group", "patched").Count);
        Assert.Equal(10, informer.Cache.ByLabel("group", "pre").Count);
        Assert.All(adds, a => Assert.Equal(1, a.Value));

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Handlers_added_late_get_the_cached_objects()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        await configMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Namespace = ns, Name = "a" } });
        var informer = new Informer<ConfigMap>(configMaps, new ResilientWatchOptions { Namespace = ns });
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        var seen = new List<string>();
        informer.AddHandler(new ResourceEventHandler<ConfigMap>(onAdd: v => seen.Add(v.Metadata.Name!)));
        Assert.Equal(["a"], seen);

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
