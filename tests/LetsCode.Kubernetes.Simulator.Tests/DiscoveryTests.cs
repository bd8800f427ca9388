using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Discovery documents, including resources that appear when a CRD is created.</summary>
public sealed class DiscoveryTests
{
    [Fact]
    public async Task Core_and_group_discovery_list_resources_with_verbs_and_subresources()
    {
        await using var simulator = await KubernetesSimulator.StartAsync();
        using var api = new ApiClient(simulator.BaseAddress);

        Assert.Equal("v1", (await api.GetObjectAsync("/api"))["versions"]![0].Str());
        Assert.Equal("1", (await api.GetObjectAsync("/version"))["major"].Str());

        var core = await api.GetObjectAsync("/api/v1");
        Assert.Equal("APIResourceList", core["kind"].Str());
        var resources = core["resources"]!.AsArray().OfType<JsonObject>().ToDictionary(r => r["name"].Str()!);
        Assert.Equal("Pod", resources["pods"]["kind"].Str());
        Assert.True((bool)resources["pods"]["namespaced"]!);
        Assert.Contains("watch", resources["pods"]["verbs"]!.AsArray().Select(v => v.Str()));
        Assert.Contains("po", resources["pods"]["shortNames"]!.AsArray().Select(v => v.Str()));
        Assert.True(resources.ContainsKey("pods/exec"));
        Assert.True(resources.ContainsKey("pods/status"));
        Assert.False((bool)resources["namespaces"]["namespaced"]!);

        var groups = (await api.GetObjectAsync("/apis"))["groups"]!.AsArray().Select(g => g!["name"].Str()).ToList();
        Assert.Contains("coordination.k8s.io", groups);
        Assert.Contains("networking.k8s.io", groups);
        Assert.Contains("apiextensions.k8s.io", groups);
        Assert.DoesNotContain("letscode.dev", groups);

        await api.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", JsonNode.Parse("""
            {"metadata":{"name":"testpools.letscode.dev"},
             "spec":{"group":"letscode.dev","scope":"Namespaced","names":{"kind":"TestPool","plural":"testpools","shortNames":["tp"]},
              "versions":[{"name":"v1alpha1","served":true,"storage":true,
                "subresources":{"status":{},"scale":{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas"}},
                "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """)!);
        Assert.Contains("letscode.dev", (await api.GetObjectAsync("/apis"))["groups"]!.ToJsonString());
        var group = await api.GetObjectAsync("/apis/letscode.dev/v1alpha1");
        var custom = group["resources"]!.AsArray().OfType<JsonObject>().ToDictionary(r => r["name"].Str()!);
        Assert.Equal("TestPool", custom["testpools"]["kind"].Str());
        Assert.Equal("Scale", custom["testpools/scale"]["kind"].Str());
        Assert.Equal("autoscaling", custom["testpools/scale"]["group"].Str());
        Assert.True(custom.ContainsKey("testpools/status"));
    }

    [Fact]
    public async Task Unknown_paths_are_404_Status()
    {
        await using var simulator = await KubernetesSimulator.StartAsync();
        using var api = new ApiClient(simulator.BaseAddress);
        (await api.GetAsync("/apis/nothing.example/v1")).AssertStatus(404, "NotFound");
        (await api.GetAsync("/api/v1/namespaces/default/pods/p/log")).AssertStatus(404, "NotFound");
    }

    [Fact]
    public async Task The_kubeconfig_points_at_the_simulator()
    {
        await using var simulator = await KubernetesSimulator.StartAsync();
        var path = Path.GetTempFileName();
        try
        {
            simulator.WriteKubeconfig(path);
            var text = await File.ReadAllTextAsync(path);
            Assert.Contains($"server: http://127.0.0.1:{simulator.BaseAddress.Port}", text);
            Assert.Contains("current-context: letscode-simulator", text);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
