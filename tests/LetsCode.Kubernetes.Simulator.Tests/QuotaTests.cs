using System.Net;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>ResourceQuota admission on pod creation, with the API server's messages, and quota status.</summary>
public sealed class QuotaTests : IAsyncLifetime
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private KubernetesSimulator _simulator = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _simulator = await KubernetesSimulator.StartAsync();
        _api = new ApiClient(_simulator.BaseAddress);
        await _api.CreateAsync("/api/v1/namespaces/default/resourcequotas", JsonNode.Parse("""
            {"metadata":{"name":"sandboxes"},
             "spec":{"hard":{"pods":"2","requests.cpu":"1","requests.memory":"1Gi","limits.cpu":"1","limits.memory":"1Gi"}}}
            """)!);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task Pods_over_quota_are_forbidden_with_the_exceeded_quota_message()
    {
        await _api.CreateAsync(Pods, Objects.Pod("a").WithResources("500m", "256Mi"));
        var cpu = await _api.PostAsync(Pods, Objects.Pod("b").WithResources("600m", "256Mi"));
        var status = cpu.AssertStatus(403, "Forbidden");
        Assert.Equal("pods \"b\" is forbidden: exceeded quota: sandboxes, requested: limits.cpu=600m,requests.cpu=600m, used: limits.cpu=500m,requests.cpu=500m, limited: limits.cpu=1,requests.cpu=1",
            status["message"].Str());
        Assert.Equal("pods", status["details"]!["kind"].Str());

        await _api.CreateAsync(Pods, Objects.Pod("b").WithResources("500m", "256Mi"));
        var count = await _api.PostAsync(Pods, Objects.Pod("c").WithResources("0", "0"));
        Assert.Contains("exceeded quota: sandboxes, requested: pods=1, used: pods=2, limited: pods=2", count.AssertStatus(403, "Forbidden")["message"].Str());
    }

    [Fact]
    public async Task Pods_without_the_tracked_resources_fail_quota()
    {
        var response = await _api.PostAsync(Pods, Objects.Pod("bare"));
        Assert.Contains("failed quota: sandboxes: must specify", response.AssertStatus(403, "Forbidden")["message"].Str());
    }

    [Fact]
    public async Task Quota_status_tracks_usage_and_deletions_free_capacity()
    {
        await _api.CreateAsync(Pods, Objects.Pod("a").WithResources("250m", "512Mi"));
        var quota = await _api.GetObjectAsync("/api/v1/namespaces/default/resourcequotas/sandboxes");
        Assert.Equal("1", quota["status"]!["used"]!["pods"].Str());
        Assert.Equal("250m", quota["status"]!["used"]!["requests.cpu"].Str());
        Assert.Equal("512Mi", quota["status"]!["used"]!["requests.memory"].Str());
        Assert.Equal("1Gi", quota["status"]!["hard"]!["limits.memory"].Str());

        await _api.CreateAsync(Pods, Objects.Pod("b").WithResources("250m", "512Mi"));
        (await _api.PostAsync(Pods, Objects.Pod("c").WithResources("250m", "512Mi"))).AssertStatus(403, "Forbidden");

        await _api.DeleteAsync($"{Pods}/a");
        await _api.CreateAsync(Pods, Objects.Pod("c").WithResources("250m", "512Mi"));
        quota = await _api.GetObjectAsync("/api/v1/namespaces/default/resourcequotas/sandboxes");
        Assert.Equal("2", quota["status"]!["used"]!["pods"].Str());
    }

    [Fact]
    public async Task Concurrent_creates_never_overshoot_the_quota()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _api.PostAsync(Pods, Objects.Pod($"p{i}").WithResources("100m", "64Mi"))));
        Assert.Equal(2, results.Count(r => r.Code == HttpStatusCode.Created));
        Assert.Equal(8, results.Count(r => r.Code == HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task LimitRange_defaults_fill_missing_resources_before_quota_and_max_is_enforced()
    {
        await _api.CreateAsync("/api/v1/namespaces/default/limitranges", JsonNode.Parse("""
            {"metadata":{"name":"sandbox-defaults"},
             "spec":{"limits":[{"type":"Container","default":{"cpu":"250m","memory":"256Mi"},"defaultRequest":{"cpu":"100m"},"max":{"cpu":"500m"}}]}}
            """)!);
        var pod = await _api.CreateAsync(Pods, Objects.Pod("defaulted"));
        var resources = pod["spec"]!["containers"]![0]!["resources"]!;
        Assert.Equal("250m", resources["limits"]!["cpu"].Str());
        Assert.Equal("100m", resources["requests"]!["cpu"].Str());
        Assert.Equal("256Mi", resources["requests"]!["memory"].Str());
        Assert.Equal("Burstable", pod["status"]!["qosClass"].Str());

        var tooBig = await _api.PostAsync(Pods, Objects.Pod("big").WithResources("750m", "128Mi"));
        Assert.Equal("pods \"big\" is forbidden: maximum cpu usage per Container is 500m, but limit is 750m",
            tooBig.AssertStatus(403, "Forbidden")["message"].Str());
    }
}
