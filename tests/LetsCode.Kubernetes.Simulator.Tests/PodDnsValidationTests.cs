using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>
/// A pod's dnsPolicy and dnsConfig are refused where a real API server refuses them (validatePodDNSConfig), so a
/// pod that no cluster would accept cannot pass here.
/// </summary>
public sealed class PodDnsValidationTests : IAsyncLifetime
{
    private const string Pods = "/api/v1/namespaces/default/pods";

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
    public async Task Dns_policy_None_with_an_empty_dns_config_is_422_naming_the_nameservers()
    {
        var response = await _api.PostAsync(Pods, Objects.Pod("no-nameserver", p => Dns(p, "None", new JsonObject())));
        var status = response.AssertStatus(422, "Invalid");
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal("spec.dnsConfig.nameservers", cause["field"].Str());
        Assert.Equal("FieldValueRequired", cause["reason"].Str());
        Assert.Equal("Pod \"no-nameserver\" is invalid: spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None",
            status["message"].Str());
    }

    [Fact]
    public async Task Dns_policy_None_without_a_dns_config_is_422()
    {
        var response = await _api.PostAsync(Pods, Objects.Pod("no-config", p => Dns(p, "None", null)));
        var cause = response.AssertStatus(422, "Invalid")["details"]!["causes"]![0]!;
        Assert.Equal("spec.dnsConfig", cause["field"].Str());
        Assert.Contains("must provide `dnsConfig` when `dnsPolicy` is None", cause["message"].Str());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.96.0.10")]
    [InlineData("2001:db8::1")]
    public async Task Dns_policy_None_with_one_valid_nameserver_is_created(string nameserver)
    {
        var created = await _api.CreateAsync(Pods, Objects.Pod("one-nameserver", p => Dns(p, "None", Config(nameserver))));
        Assert.Equal("None", created["spec"]!["dnsPolicy"].Str());
        Assert.Equal(nameserver, created["spec"]!["dnsConfig"]!["nameservers"]![0].Str());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.1")]
    [InlineData("256.0.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("")]
    public async Task A_nameserver_that_is_not_an_ip_address_is_422(string nameserver)
    {
        var response = await _api.PostAsync(Pods, Objects.Pod("bad-nameserver", p => Dns(p, "None", Config(nameserver))));
        var cause = response.AssertStatus(422, "Invalid")["details"]!["causes"]![0]!;
        Assert.Equal("spec.dnsConfig.nameservers[0]", cause["field"].Str());
        Assert.Contains("must be a valid IP address", cause["message"].Str());
    }

    [Fact]
    public async Task More_than_three_nameservers_are_422_whatever_the_policy()
    {
        var response = await _api.PostAsync(Pods, Objects.Pod("four",
            p => Dns(p, "ClusterFirst", Config("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"))));
        var cause = response.AssertStatus(422, "Invalid")["details"]!["causes"]![0]!;
        Assert.Equal("spec.dnsConfig.nameservers", cause["field"].Str());
        Assert.Contains("must not have more than 3 nameservers", cause["message"].Str());
    }

    [Fact]
    public async Task An_unknown_dns_policy_and_bad_searches_and_options_are_422()
    {
        var unknown = await _api.PostAsync(Pods, Objects.Pod("unknown-policy", p => Dns(p, "Nowhere", null)));
        var policy = unknown.AssertStatus(422, "Invalid")["details"]!["causes"]![0]!;
        Assert.Equal(("spec.dnsPolicy", "FieldValueNotSupported"), (policy["field"].Str(), policy["reason"].Str()));

        var config = Config("10.0.0.1");
        config["searches"] = new JsonArray("svc.cluster.local.", "Not_A_Domain");
        config["options"] = new JsonArray(new JsonObject { ["name"] = "ndots", ["value"] = "1" }, new JsonObject { ["value"] = "2" });
        var response = await _api.PostAsync(Pods, Objects.Pod("bad-searches", p => Dns(p, "None", config)));
        var fields = response.AssertStatus(422, "Invalid")["details"]!["causes"]!.AsArray().Select(c => c!["field"].Str()).ToList();
        Assert.Equal(["spec.dnsConfig.searches[1]", "spec.dnsConfig.options[1]"], fields);
    }

    [Fact]
    public async Task A_pod_without_dns_fields_is_defaulted_to_ClusterFirst_and_created()
    {
        var created = await _api.CreateAsync(Pods, Objects.Pod("plain"));
        Assert.Equal("ClusterFirst", created["spec"]!["dnsPolicy"].Str());
    }

    private static JsonObject Config(params string[] nameservers) =>
        new() { ["nameservers"] = new JsonArray([.. nameservers.Select(n => (JsonNode?)JsonValue.Create(n))]) };

    private static void Dns(JsonObject pod, string policy, JsonObject? config)
    {
        pod["spec"]!["dnsPolicy"] = policy;
        if (config is not null) pod["spec"]!["dnsConfig"] = config;
    }
}
