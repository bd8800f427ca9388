using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Fault injection: injected 500s and 429s are proper Status responses; latency is added.</summary>
public sealed class FaultTests : IAsyncLifetime
{
    private KubernetesSimulator _simulator = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _simulator = await KubernetesSimulator.StartAsync();
        _api = new ApiClient(_simulator.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task Error_rate_one_answers_every_request_with_an_InternalError_Status()
    {
        _simulator.Faults.ErrorRate = 1;
        var response = await _api.GetAsync("/api/v1/namespaces/default/configmaps");
        response.AssertStatus(500, "InternalError");

        // Discovery stays up, so kubectl-driven setup keeps working during chaos.
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/api/v1")).Code);

        _simulator.Faults.ErrorRate = 0;
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/api/v1/namespaces/default/configmaps")).Code);
    }

    [Fact]
    public async Task Throttling_sends_429_with_Retry_After()
    {
        _simulator.Faults.ErrorStatusCode = 429;
        _simulator.Faults.ErrorRate = 1;
        var response = await _api.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("x"));
        var status = response.AssertStatus(429, "TooManyRequests");
        Assert.Equal(TimeSpan.FromSeconds(1), response.RetryAfter);
        Assert.Equal(1, (int)status["details"]!["retryAfterSeconds"]!);
        _simulator.Faults.ErrorRate = 0;
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/api/v1/namespaces/default/configmaps/x")).Code);
    }

    [Fact]
    public async Task A_partial_error_rate_fails_about_that_share()
    {
        _simulator.Faults.ErrorRate = 0.5;
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 200; i++) codes.Add((await _api.GetAsync("/api/v1/namespaces")).Code);
        Assert.InRange(codes.Count(c => c == HttpStatusCode.InternalServerError), 60, 140);
        Assert.Throws<ArgumentOutOfRangeException>(() => _simulator.Faults.ErrorRate = 1.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => _simulator.Faults.ErrorStatusCode = 503);
    }

    [Fact]
    public async Task A_denied_verb_is_403_Forbidden_as_RBAC_words_it_and_other_verbs_still_work()
    {
        _simulator.Faults.Deny("create", "networkpolicies");
        var policy = new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "NetworkPolicy",
            ["metadata"] = new JsonObject { ["name"] = "deny-all" },
            ["spec"] = new JsonObject { ["podSelector"] = new JsonObject() },
        };
        const string Policies = "/apis/networking.k8s.io/v1/namespaces/default/networkpolicies";
        var refused = (await _api.PostAsync(Policies, policy)).AssertStatus(403, "Forbidden");
        Assert.Equal("networkpolicies.networking.k8s.io is forbidden: User \"system:anonymous\" cannot create resource \"networkpolicies\" in API group \"networking.k8s.io\" in the namespace \"default\"",
            refused["message"].Str());
        Assert.Equal("networkpolicies", refused["details"]!["kind"].Str());
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(Policies)).Code);
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("other"))).Code);

        _simulator.Faults.Deny("get", "configmaps");
        Assert.Contains("cannot get resource \"configmaps\" in API group \"\"",
            (await _api.GetAsync("/api/v1/namespaces/default/configmaps/other")).AssertStatus(403, "Forbidden")["message"].Str());

        _simulator.Faults.Allow("create", "networkpolicies");
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsync(Policies, policy)).Code);
    }

    [Fact]
    public async Task Latency_delays_requests()
    {
        _simulator.Faults.Latency = TimeSpan.FromMilliseconds(300);
        var watch = Stopwatch.StartNew();
        await _api.GetAsync("/api/v1/namespaces");
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed}");
    }
}
