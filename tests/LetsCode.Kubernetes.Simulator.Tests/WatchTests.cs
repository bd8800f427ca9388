using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Watch semantics: start points, event framing, selectors, bookmarks, timeouts, 410 and dropped streams.</summary>
public sealed class WatchTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private KubernetesSimulator _simulator = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _simulator = await KubernetesSimulator.StartAsync(new SimulatorOptions { WatchWindow = 50, BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        _api = new ApiClient(_simulator.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task Watch_from_a_version_gets_exactly_the_later_changes_in_order()
    {
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("before"));
        var list = await _api.GetObjectAsync(ConfigMaps);
        var from = list["metadata"]!["resourceVersion"].Str();

        var created = await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("after"));
        var modified = (await _api.PatchAsync($"{ConfigMaps}/after", JsonNode.Parse("""{"data":{"value":"2"}}""")!)).Object;
        await _api.DeleteAsync($"{ConfigMaps}/after");

        await using var watch = await WatchStream.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        var added = await watch.NextChangeAsync();
        Assert.Equal(("ADDED", "after", created.ResourceVersion()), (added.Type, added.Object["metadata"]!["name"].Str(), added.Object.ResourceVersion()));
        Assert.Equal("ConfigMap", added.Object["kind"].Str());
        var mod = await watch.NextChangeAsync();
        Assert.Equal(("MODIFIED", modified.ResourceVersion()), (mod.Type, mod.Object.ResourceVersion()));
        var del = await watch.NextChangeAsync();
        Assert.Equal("DELETED", del.Type);
        Assert.True(long.Parse(del.Object.ResourceVersion(), System.Globalization.CultureInfo.InvariantCulture) >
                    long.Parse(mod.Object.ResourceVersion(), System.Globalization.CultureInfo.InvariantCulture));

        // And live changes keep coming on the same stream.
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("live"));
        Assert.Equal("live", (await watch.NextChangeAsync()).Object["metadata"]!["name"].Str());
    }

    [Fact]
    public async Task Watch_without_a_version_starts_with_the_current_state_as_ADDED()
    {
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("a"));
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("b"));
        foreach (var query in new[] { "watch=1", "watch=true&resourceVersion=0" })
        {
            await using var watch = await WatchStream.OpenAsync(_api.Http, $"{ConfigMaps}?{query}");
            var first = await watch.NextChangeAsync();
            var second = await watch.NextChangeAsync();
            Assert.Equal(("ADDED", "a"), (first.Type, first.Object["metadata"]!["name"].Str()));
            Assert.Equal(("ADDED", "b"), (second.Type, second.Object["metadata"]!["name"].Str()));
        }
    }

    [Fact]
    public async Task Watch_selectors_turn_label_changes_into_ADDED_and_DELETED()
    {
        var list = await _api.GetObjectAsync(ConfigMaps);
        await using var watch = await WatchStream.OpenAsync(_api.Http,
            $"{ConfigMaps}?watch=true&labelSelector=state%3Didle&resourceVersion={list["metadata"]!["resourceVersion"].Str()}");

        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("pod-1", new() { ["state"] = "busy" }));
        await _api.PatchAsync($"{ConfigMaps}/pod-1", JsonNode.Parse("""{"metadata":{"labels":{"state":"idle"}}}""")!);
        await _api.PatchAsync($"{ConfigMaps}/pod-1", JsonNode.Parse("""{"data":{"value":"x"}}""")!);
        await _api.PatchAsync($"{ConfigMaps}/pod-1", JsonNode.Parse("""{"metadata":{"labels":{"state":"claimed"}}}""")!);

        Assert.Equal("ADDED", (await watch.NextChangeAsync()).Type);
        Assert.Equal("MODIFIED", (await watch.NextChangeAsync()).Type);
        var gone = await watch.NextChangeAsync();
        Assert.Equal("DELETED", gone.Type);
        Assert.Equal("claimed", gone.Object["metadata"]!["labels"]!["state"].Str());
    }

    [Fact]
    public async Task Bookmarks_carry_the_current_version_when_asked_for()
    {
        var list = await _api.GetObjectAsync(ConfigMaps);
        await using var watch = await WatchStream.OpenAsync(_api.Http,
            $"{ConfigMaps}?watch=true&allowWatchBookmarks=true&resourceVersion={list["metadata"]!["resourceVersion"].Str()}");
        await _api.CreateAsync("/api/v1/namespaces/default/secrets", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "unrelated" } });
        var secretVersion = long.Parse(_simulator.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

        var ev = await watch.NextAsync(5);
        Assert.NotNull(ev);
        Assert.Equal("BOOKMARK", ev.Value.Type);
        Assert.Equal("ConfigMap", ev.Value.Object["kind"].Str());
        Assert.Equal(secretVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), ev.Value.Object.ResourceVersion());
        Assert.Null(ev.Value.Object["data"]);
    }

    [Fact]
    public async Task Watch_list_sends_the_state_then_an_initial_events_end_bookmark()
    {
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("existing"));
        await using var watch = await WatchStream.OpenAsync(_api.Http,
            $"{ConfigMaps}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
        Assert.Equal("ADDED", (await watch.NextAsync())!.Value.Type);
        var end = (await watch.NextAsync())!.Value;
        Assert.Equal("BOOKMARK", end.Type);
        Assert.Equal("true", end.Object["metadata"]!["annotations"]!["k8s.io/initial-events-end"].Str());

        (await _api.GetAsync($"{ConfigMaps}?watch=true&sendInitialEvents=true")).AssertStatus(422, "Invalid");
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_stream_cleanly()
    {
        var started = DateTime.UtcNow;
        await using var watch = await WatchStream.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true&timeoutSeconds=1");
        Assert.Null(await watch.NextAsync(5));
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.9, 4);
    }

    [Fact]
    public async Task Watching_from_before_the_window_gets_an_ERROR_event_with_410()
    {
        var old = (await _api.GetObjectAsync(ConfigMaps))["metadata"]!["resourceVersion"].Str();
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));
        _simulator.Compact();

        await using var watch = await WatchStream.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true&resourceVersion={old}");
        var ev = (await watch.NextAsync())!.Value;
        Assert.Equal("ERROR", ev.Type);
        Assert.Equal("Status", ev.Object["kind"].Str());
        Assert.Equal(410, (int)ev.Object["code"]!);
        Assert.Equal("Expired", ev.Object["reason"].Str());
        Assert.StartsWith("too old resource version: ", ev.Object["message"].Str());
        Assert.Null(await watch.NextAsync());

        // The current version is still fine after compaction.
        var current = (await _api.GetObjectAsync(ConfigMaps))["metadata"]!["resourceVersion"].Str();
        await using var fresh = await WatchStream.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true&resourceVersion={current}");
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("y"));
        Assert.Equal("ADDED", (await fresh.NextChangeAsync()).Type);
    }

    [Fact]
    public async Task The_window_forgets_old_versions_on_its_own()
    {
        var old = (await _api.GetObjectAsync(ConfigMaps))["metadata"]!["resourceVersion"].Str();
        for (var i = 0; i < 60; i++) await _api.CreateAsync(ConfigMaps, Objects.ConfigMap($"c{i}"));
        await using var watch = await WatchStream.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true&resourceVersion={old}");
        Assert.Equal("ERROR", (await watch.NextAsync())!.Value.Type);
    }

    [Fact]
    public async Task DropWatches_aborts_open_streams()
    {
        await using var watch = await WatchStream.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true&resourceVersion={_simulator.ResourceVersion}");
        await Objects.Eventually(() => Task.FromResult(_simulator.OpenWatches == 1), "watch registered");
        _simulator.Faults.DropWatches();

        // An abrupt end: the chunked response is cut off (not a clean end, not a timeout).
        var error = await Record.ExceptionAsync(() => watch.NextAsync(5));
        Assert.IsAssignableFrom<IOException>(error);
        await Objects.Eventually(() => Task.FromResult(_simulator.OpenWatches == 0), "watch unregistered");
    }

    [Fact]
    public async Task Legacy_watch_path_and_single_object_watch()
    {
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("one"));
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("two"));
        await using var watch = await WatchStream.OpenAsync(_api.Http, "/api/v1/watch/namespaces/default/configmaps/two");
        var ev = await watch.NextChangeAsync();
        Assert.Equal("two", ev.Object["metadata"]!["name"].Str());
    }
}
