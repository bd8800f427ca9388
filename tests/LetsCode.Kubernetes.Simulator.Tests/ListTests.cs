using System.Net;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Lists: label and field selectors, limit/continue paging and expired continue tokens.</summary>
public sealed class ListTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private KubernetesSimulator _simulator = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _simulator = await KubernetesSimulator.StartAsync();
        _api = new ApiClient(_simulator.BaseAddress);
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("py-idle", new() { ["lang"] = "python", ["state"] = "idle" }));
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("py-busy", new() { ["lang"] = "python", ["state"] = "busy" }));
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("cpp-idle", new() { ["lang"] = "cpp", ["state"] = "idle" }));
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("plain"));
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _simulator.DisposeAsync();
    }

    private async Task<string[]> Names(string query)
    {
        var list = await _api.GetObjectAsync($"{ConfigMaps}?{query}");
        Assert.Equal("ConfigMapList", list["kind"].Str());
        return list["items"]!.AsArray().Select(i => i!["metadata"]!["name"].Str()!).ToArray();
    }

    [Theory]
    [InlineData("lang=python", "py-busy,py-idle")]
    [InlineData("lang==python", "py-busy,py-idle")]
    [InlineData("lang!=python", "cpp-idle,plain")]
    [InlineData("lang in (cpp, python),state=idle", "cpp-idle,py-idle")]
    [InlineData("lang notin (python)", "cpp-idle,plain")]
    [InlineData("state", "cpp-idle,py-busy,py-idle")]
    [InlineData("!state", "plain")]
    public async Task Label_selectors(string selector, string expected)
    {
        Assert.Equal(expected.Split(','), await Names("labelSelector=" + Uri.EscapeDataString(selector)));
    }

    [Fact]
    public async Task Field_selectors_on_name_namespace_and_pod_fields()
    {
        Assert.Equal(["plain"], await Names("fieldSelector=metadata.name%3Dplain"));
        Assert.Equal(3, (await Names("fieldSelector=metadata.name!%3Dplain")).Length);
        Assert.Equal(4, (await Names("fieldSelector=metadata.namespace%3Ddefault")).Length);

        await _api.CreateAsync("/api/v1/namespaces/default/pods", Objects.Pod("p"));
        await Objects.Eventually(async () =>
        {
            var running = await _api.GetObjectAsync("/api/v1/pods?fieldSelector=status.phase%3DRunning,spec.nodeName%3Dletscode-simulated-node");
            return running["items"]!.AsArray().Count == 1;
        }, "pod running on the simulated node");

        var unsupported = await _api.GetAsync($"{ConfigMaps}?fieldSelector=data.value%3Dx");
        unsupported.AssertStatus(400, "BadRequest");
    }

    [Fact]
    public async Task Bad_label_selectors_are_400()
    {
        (await _api.GetAsync($"{ConfigMaps}?labelSelector=" + Uri.EscapeDataString("a in (b"))).AssertStatus(400, "BadRequest");
    }

    [Fact]
    public async Task Pages_with_limit_and_continue_in_key_order()
    {
        var first = await _api.GetObjectAsync($"{ConfigMaps}?limit=3");
        Assert.Equal(["cpp-idle", "plain", "py-busy"], first["items"]!.AsArray().Select(i => i!["metadata"]!["name"].Str()));
        Assert.Equal(1, (int)first["metadata"]!["remainingItemCount"]!);
        var token = first["metadata"]!["continue"].Str()!;

        // Changes after the first page do not move the list's resourceVersion.
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("zz-late"));
        var second = await _api.GetObjectAsync($"{ConfigMaps}?limit=3&continue={Uri.EscapeDataString(token)}");
        Assert.Equal(first["metadata"]!["resourceVersion"].Str(), second["metadata"]!["resourceVersion"].Str());
        Assert.Equal("py-idle", second["items"]![0]!["metadata"]!["name"].Str());
        Assert.Null(second["metadata"]!["continue"]);
    }

    [Fact]
    public async Task Continue_tokens_expire_after_compaction()
    {
        var first = await _api.GetObjectAsync($"{ConfigMaps}?limit=1");
        await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("newer"));
        _simulator.Compact();
        var expired = await _api.GetAsync($"{ConfigMaps}?limit=1&continue={Uri.EscapeDataString(first["metadata"]!["continue"].Str()!)}");
        expired.AssertStatus(410, "Expired");
        (await _api.GetAsync($"{ConfigMaps}?continue=garbage!")).AssertStatus(400, "BadRequest");
    }

    [Fact]
    public async Task Lists_across_namespaces_and_built_in_items_omit_kind()
    {
        await _api.CreateAsync("/api/v1/namespaces", Objects.Namespace("other"));
        await _api.CreateAsync("/api/v1/namespaces/other/configmaps", Objects.ConfigMap("elsewhere"));
        var all = await _api.GetObjectAsync("/api/v1/configmaps");
        Assert.Equal(5, all["items"]!.AsArray().Count);
        Assert.Null(all["items"]![0]!["kind"]);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/api/v1/namespaces/other/configmaps/elsewhere")).Code);
    }
}
