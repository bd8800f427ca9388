using System.Collections.Concurrent;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Tests.Support;
using LetsCode.Kubernetes.Watch;

namespace LetsCode.Kubernetes.Tests.Watch;

public sealed class WatchTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static ConfigMap ConfigMap(string ns, string name, string value = "v") => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name },
        Data = new() { ["key"] = value },
    };

    private static ResilientWatchOptions FastOptions(string ns) => new()
    {
        Namespace = ns,
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(500),
        MinWatchTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The watch request may still be on its way to the server: drop until the watcher is seen reconnecting.</summary>
    private async Task DropUntilReconnectingAsync<T>(GatedResourceClient<T> gated)
        where T : class, IKubernetesObject
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (gated.WaitingWatches == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the watcher never noticed the dropped connection");
            fixture.Simulator.Faults.DropWatches();
            for (var i = 0; i < 10 && gated.WaitingWatches == 0; i++)
            {
                await Task.Delay(20);
            }
        }
    }

    [Fact]
    public async Task A_single_watch_streams_added_modified_deleted_from_a_resource_version()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        var start = (await configMaps.ListAsync(ns)).Metadata.ResourceVersion;

        var created = await configMaps.CreateAsync(ConfigMap(ns, "a"));
        created.Data!["key"] = "changed";
        await configMaps.ReplaceAsync(created);
        await configMaps.DeleteAsync(ns, "a");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<(WatchEventType, string?)>();
        var all = new List<string>();
        await foreach (var e in configMaps.WatchAsync(ns, new WatchOptions { ResourceVersion = start, TimeoutSeconds = 5 }, timeout.Token))
        {
            all.Add($"{e.Type} {e.Object?.Metadata.ResourceVersion} {e.Object?.Metadata.Name}");
            if (e.Type != WatchEventType.Bookmark)
            {
                seen.Add((e.Type, e.Object!.Data?.GetValueOrDefault("key")));
            }

            if (seen.Count == 3)
            {
                break;
            }
        }

        Assert.True(seen.Count == 3, start + ": " + string.Join("; ", all));
        Assert.Equal([(WatchEventType.Added, "v"), (WatchEventType.Modified, "changed"), (WatchEventType.Deleted, "changed")], seen);
    }

    [Fact]
    public async Task Watching_from_a_compacted_version_is_gone()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        var old = (await configMaps.ListAsync(ns)).Metadata.ResourceVersion;
        await configMaps.CreateAsync(ConfigMap(ns, "a"));
        fixture.Simulator.Compact();
        await configMaps.CreateAsync(ConfigMap(ns, "b"));

        await Assert.ThrowsAsync<GoneException>(async () =>
        {
            await foreach (var _ in configMaps.WatchAsync(ns, new WatchOptions { ResourceVersion = old, TimeoutSeconds = 5 }))
            {
            }
        });
    }

    [Fact]
    public async Task Bookmarks_advance_the_resume_point_without_events()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        var start = (await configMaps.ListAsync(ns)).Metadata.ResourceVersion;
        var otherNs = await SimulatorFixture.CreateNamespaceAsync(client);
        await configMaps.CreateAsync(ConfigMap(otherNs, "elsewhere"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var e in configMaps.WatchAsync(ns, new WatchOptions { ResourceVersion = start, AllowWatchBookmarks = true, TimeoutSeconds = 8 }, timeout.Token))
        {
            Assert.Equal(WatchEventType.Bookmark, e.Type);
            Assert.NotNull(e.Object!.Metadata.ResourceVersion);
            break;
        }
    }

    [Fact]
    public async Task Resumes_after_a_dropped_connection_without_relisting_or_losing_events()
    {
        using var client = fixture.CreateClient();
        using var metrics = new MetricRecorder(client.Metrics.Meter);
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        await configMaps.CreateAsync(ConfigMap(ns, "before"));
        var gated = new GatedResourceClient<ConfigMap>(configMaps);
        var informer = new Informer<ConfigMap>(gated, FastOptions(ns), client.Metrics);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => gated.WatchCalls == 1, "the first watch is open");

        gated.Close();
        await DropUntilReconnectingAsync(gated);
        await configMaps.CreateAsync(ConfigMap(ns, "while-down"));
        await configMaps.DeleteAsync(ns, "before");
        gated.Open();

        await Eventually.TrueAsync(() => informer.Cache.Get(ns, "while-down") is not null && informer.Cache.Get(ns, "before") is null,
            "changes made while disconnected arrive");
        Assert.Equal(1, informer.ListCount);
        Assert.Equal(1, metrics.Sum("letscode.kubernetes.watch.restarts", "reason", "error"));

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Relists_after_410_and_reports_what_vanished()
    {
        using var client = fixture.CreateClient();
        using var metrics = new MetricRecorder(client.Metrics.Meter);
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        await configMaps.CreateAsync(ConfigMap(ns, "stays"));
        await configMaps.CreateAsync(ConfigMap(ns, "vanishes"));
        var gated = new GatedResourceClient<ConfigMap>(configMaps);
        var informer = new Informer<ConfigMap>(gated, FastOptions(ns), client.Metrics);
        var deleted = new ConcurrentBag<string>();
        var updated = new ConcurrentBag<string>();
        informer.AddHandler(new ResourceEventHandler<ConfigMap>(
            onUpdate: (_, value) => updated.Add(value.Metadata.Name!),
            onDelete: value => deleted.Add(value.Metadata.Name!)));
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => gated.WatchCalls == 1, "the first watch is open");

        gated.Close();
        await DropUntilReconnectingAsync(gated);
        await configMaps.DeleteAsync(ns, "vanishes");
        var stays = await configMaps.GetAsync(ns, "stays");
        stays.Data!["key"] = "changed";
        await configMaps.ReplaceAsync(stays);
        await configMaps.CreateAsync(ConfigMap(ns, "new"));
        fixture.Simulator.Compact();
        await configMaps.CreateAsync(ConfigMap(ns, "after-compaction"));
        gated.Open();

        await Eventually.TrueAsync(() => informer.ListCount == 2, "a relist after 410");
        await Eventually.TrueAsync(() => informer.Cache.Count == 3, "the cache matches the server");
        Assert.Null(informer.Cache.Get(ns, "vanishes"));
        Assert.Equal("changed", informer.Cache.Get(ns, "stays")!.Data!["key"]);
        Assert.Contains("vanishes", deleted);
        Assert.Contains("stays", updated);
        Assert.True(metrics.Sum("letscode.kubernetes.watch.restarts", "reason", "gone") >= 1);

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Keeps_retrying_through_server_errors()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        var informer = new Informer<ConfigMap>(configMaps, FastOptions(ns), client.Metrics);
        using var stop = new CancellationTokenSource();
        fixture.Simulator.Faults.ErrorStatusCode = 500;
        fixture.Simulator.Faults.ErrorRate = 1;
        var running = informer.RunAsync(stop.Token);
        try
        {
            await Task.Delay(500);
            Assert.False(informer.HasSynced);
            Assert.False(running.IsCompleted);
        }
        finally
        {
            fixture.Simulator.Faults.ErrorRate = 0;
        }

        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await configMaps.CreateAsync(ConfigMap(ns, "seen"));
        await Eventually.TrueAsync(() => informer.Cache.Get(ns, "seen") is not null, "the informer recovered");
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
