using System.Runtime.CompilerServices;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Diagnostics;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Tests.Support;
using LetsCode.Kubernetes.Watch;

namespace LetsCode.Kubernetes.Tests.Watch;

/// <summary>The watcher's resume/relist decisions, against a scripted client (which resourceVersion each call asks for).</summary>
public sealed class ResilientWatcherTests
{
    private static ConfigMap Item(string name, string version) => new() { Metadata = new ObjectMeta { Namespace = "ns", Name = name, ResourceVersion = version } };

    /// <summary>Lists return the scripted state; each watch call runs the next script step.</summary>
    private sealed class ScriptedClient : IResourceClient<ConfigMap>
    {
        private readonly Queue<Func<IAsyncEnumerable<WatchEvent<ConfigMap>>>> _watches = new();

        public ResourceType<ConfigMap> Type => KubernetesResources.ConfigMaps;
        public List<string> Calls { get; } = [];
        public List<ConfigMap> State { get; set; } = [];
        public string ListVersion { get; set; } = "10";

        public void Then(Func<IAsyncEnumerable<WatchEvent<ConfigMap>>> watch) => _watches.Enqueue(watch);

        public Task<KubernetesList<ConfigMap>> ListAsync(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        {
            lock (Calls)
            {
                Calls.Add($"list limit={options?.Limit}");
            }

            return Task.FromResult(new KubernetesList<ConfigMap> { Items = [.. State], Metadata = new ListMeta { ResourceVersion = ListVersion } });
        }

        public async IAsyncEnumerable<WatchEvent<ConfigMap>> WatchAsync(string? @namespace, WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Func<IAsyncEnumerable<WatchEvent<ConfigMap>>>? step;
            lock (Calls)
            {
                Calls.Add($"watch rv={options!.ResourceVersion} bookmarks={options.AllowWatchBookmarks}");
                _watches.TryDequeue(out step);
            }

            if (step is null)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                yield break;
            }

            await foreach (var e in step())
            {
                yield return e;
            }
        }

        public Task<ConfigMap> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> CreateAsync(ConfigMap value, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> ReplaceAsync(ConfigMap value, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> PatchAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task DeleteAsync(string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> GetStatusAsync(string? @namespace, string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> ReplaceStatusAsync(ConfigMap value, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> PatchStatusAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private sealed class Sink : IWatchSink<ConfigMap>
    {
        public List<string> Seen { get; } = [];

        public void Replace(IReadOnlyList<ConfigMap> items, string? resourceVersion)
        {
            lock (Seen)
            {
                Seen.Add($"replace {items.Count} @{resourceVersion}");
            }
        }

        public void Apply(WatchEvent<ConfigMap> watchEvent)
        {
            lock (Seen)
            {
                Seen.Add($"{watchEvent.Type} {watchEvent.Object!.Metadata.Name}@{watchEvent.Object.Metadata.ResourceVersion}");
            }
        }
    }

    private static async IAsyncEnumerable<WatchEvent<ConfigMap>> Events(params WatchEvent<ConfigMap>[] events)
    {
        foreach (var e in events)
        {
            await Task.Yield();
            yield return e;
        }
    }

    private static async IAsyncEnumerable<WatchEvent<ConfigMap>> Failing(Exception error, params WatchEvent<ConfigMap>[] before)
    {
        foreach (var e in before)
        {
            await Task.Yield();
            yield return e;
        }

        throw error;
    }

    [Fact]
    public async Task Resumes_from_the_last_version_relists_on_gone_and_counts_broken_watches()
    {
        var client = new ScriptedClient { State = [Item("a", "5")], ListVersion = "10" };
        // 1: two events then a clean end (server timeout) -> re-watch from 12, no relist.
        client.Then(() => Events(new(WatchEventType.Added, Item("b", "11"), null), new(WatchEventType.Modified, Item("a", "12"), null)));
        // 2: a bookmark, then the connection breaks -> resume from the bookmark's 15.
        client.Then(() => Failing(new IOException("connection reset"), new WatchEventType[] { WatchEventType.Bookmark }
            .Select(t => new WatchEvent<ConfigMap>(t, Item("", "15"), null)).ToArray()));
        // 3: 410 -> relist (at 20), then watch from 20.
        client.Then(() =>
        {
            client.State = [Item("a", "12"), Item("c", "19")];
            client.ListVersion = "20";
            return Failing(new GoneException(System.Net.HttpStatusCode.Gone, new Status { Code = 410, Reason = "Expired" }));
        });
        using var metrics = new KubernetesMetrics();
        using var recorder = new MetricRecorder(metrics.Meter);
        var watcher = new ResilientWatcher<ConfigMap>(client, new ResilientWatchOptions
        {
            Namespace = "ns",
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(50),
        }, metrics);
        var sink = new Sink();
        using var stop = new CancellationTokenSource();

        var running = watcher.RunAsync(sink, stop.Token);
        await Eventually.TrueAsync(() => { lock (client.Calls) return client.Calls.Count >= 6; }, "relisted and watching again");
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(
        [
            "list limit=500",
            "watch rv=10 bookmarks=True",
            "watch rv=12 bookmarks=True",
            "watch rv=15 bookmarks=True",
            "list limit=500",
            "watch rv=20 bookmarks=True",
        ], client.Calls);
        Assert.Equal(["replace 1 @10", "Added b@11", "Modified a@12", "replace 2 @20"], sink.Seen);
        Assert.Equal(2, watcher.ListCount);
        Assert.Equal(1, recorder.Sum("letscode.kubernetes.watch.restarts", "reason", "error"));
        Assert.Equal(1, recorder.Sum("letscode.kubernetes.watch.restarts", "reason", "gone"));
    }

    [Fact]
    public async Task A_watch_that_outlives_its_timeout_is_restarted()
    {
        var client = new ScriptedClient { State = [Item("a", "5")], ListVersion = "10" };
        using var metrics = new KubernetesMetrics();
        using var recorder = new MetricRecorder(metrics.Meter);
        var watcher = new ResilientWatcher<ConfigMap>(client, new ResilientWatchOptions
        {
            MinWatchTimeout = TimeSpan.FromMilliseconds(100),
            StallGrace = TimeSpan.FromMilliseconds(100),
        }, metrics);
        using var stop = new CancellationTokenSource();

        // Every scripted watch is silent and never ends: a dead connection.
        var running = watcher.RunAsync(new Sink(), stop.Token);
        await Eventually.TrueAsync(() => { lock (client.Calls) return client.Calls.Count >= 3; }, "the stalled watch is restarted");
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["list limit=500", "watch rv=10 bookmarks=True", "watch rv=10 bookmarks=True"], client.Calls.Take(3));
        Assert.True(recorder.Sum("letscode.kubernetes.watch.restarts", "reason", "stalled") >= 1);
    }

    [Fact]
    public async Task A_failing_list_is_retried_with_backoff_and_never_gives_up()
    {
        var client = new FailingListClient();
        var watcher = new ResilientWatcher<ConfigMap>(client, new ResilientWatchOptions
        {
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(40),
        });
        using var stop = new CancellationTokenSource();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var running = watcher.RunAsync(new Sink(), stop.Token);
        await Eventually.TrueAsync(() => Volatile.Read(ref client.Attempts) >= 6, "six attempts");
        var elapsed = started.Elapsed;
        Assert.False(running.IsCompleted);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));

        // Five waits of at least 8, 16, 32, 32, 32 ms (10 ms doubling, capped at 40 ms, -20% jitter): no hot loop.
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(120), $"six attempts in {elapsed}");
    }

    private sealed class FailingListClient : IResourceClient<ConfigMap>
    {
        public int Attempts;

        public ResourceType<ConfigMap> Type => KubernetesResources.ConfigMaps;

        public Task<KubernetesList<ConfigMap>> ListAsync(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Attempts);
            throw new HttpRequestException("connection refused");
        }

        public IAsyncEnumerable<WatchEvent<ConfigMap>> WatchAsync(string? @namespace, WatchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> CreateAsync(ConfigMap value, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> ReplaceAsync(ConfigMap value, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> PatchAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task DeleteAsync(string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> GetStatusAsync(string? @namespace, string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> ReplaceStatusAsync(ConfigMap value, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ConfigMap> PatchStatusAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
