using System.Net;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Optimistic concurrency, patches, generation and the status subresource.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private const string Crd = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"kind":"Widget","plural":"widgets","singular":"widget"},
          "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
            "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
        """;

    private const string Widgets = "/apis/example.com/v1/namespaces/default/widgets";
    private KubernetesSimulator _simulator = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _simulator = await KubernetesSimulator.StartAsync();
        _api = new ApiClient(_simulator.BaseAddress);
        await _api.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", JsonNode.Parse(Crd)!);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _simulator.DisposeAsync();
    }

    private static JsonObject Widget(string name, int size) => new()
    {
        ["apiVersion"] = "example.com/v1",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["size"] = size },
    };

    [Fact]
    public async Task Replace_with_a_stale_resource_version_is_a_409_Conflict()
    {
        var created = await _api.CreateAsync(Widgets, Widget("w", 1));
        var first = (JsonObject)created.DeepClone();
        first["spec"]!["size"] = 2;
        var updated = await _api.PutAsync($"{Widgets}/w", first);
        Assert.Equal(HttpStatusCode.OK, updated.Code);
        Assert.NotEqual(created.ResourceVersion(), updated.Object.ResourceVersion());

        var stale = (JsonObject)created.DeepClone();
        stale["spec"]!["size"] = 3;
        var conflict = await _api.PutAsync($"{Widgets}/w", stale);
        var status = conflict.AssertStatus(409, "Conflict");
        Assert.Equal("Operation cannot be fulfilled on widgets.example.com \"w\": the object has been modified; please apply your changes to the latest version and try again",
            status["message"].Str());
        Assert.Equal("example.com", status["details"]!["group"].Str());
        Assert.Equal("widgets", status["details"]!["kind"].Str());
    }

    [Fact]
    public async Task Merge_patch_with_a_resource_version_is_an_optimistic_lock()
    {
        var created = await _api.CreateAsync(Widgets, Widget("w", 1));
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = created.ResourceVersion(), ["labels"] = new JsonObject { ["claimed"] = "yes" } },
        };
        Assert.Equal(HttpStatusCode.OK, (await _api.PatchAsync($"{Widgets}/w", patch)).Code);
        (await _api.PatchAsync($"{Widgets}/w", patch)).AssertStatus(409, "Conflict");

        var unconditional = await _api.PatchAsync($"{Widgets}/w", new JsonObject { ["spec"] = new JsonObject { ["size"] = null, ["color"] = "red" } });
        Assert.Equal(HttpStatusCode.OK, unconditional.Code);
        Assert.Null(unconditional.Object["spec"]!["size"]);
        Assert.Equal("red", unconditional.Object["spec"]!["color"].Str());
    }

    [Fact]
    public async Task Json_patch_applies_operations_and_fails_on_a_failed_test()
    {
        await _api.CreateAsync(Widgets, Widget("w", 1));
        var patch = JsonNode.Parse("""
            [{"op":"test","path":"/spec/size","value":1},
             {"op":"replace","path":"/spec/size","value":5},
             {"op":"add","path":"/metadata/labels","value":{"a/b":"c"}},
             {"op":"add","path":"/spec/list","value":[1]},
             {"op":"add","path":"/spec/list/-","value":2}]
            """)!;
        var patched = await _api.PatchAsync($"{Widgets}/w", patch, "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched.Code);
        Assert.Equal(5, (int)patched.Object["spec"]!["size"]!);
        Assert.Equal("c", patched.Object["metadata"]!["labels"]!["a/b"].Str());
        Assert.Equal("[1,2]", patched.Object["spec"]!["list"]!.ToJsonString());

        var failedTest = await _api.PatchAsync($"{Widgets}/w",
            JsonNode.Parse("""[{"op":"test","path":"/spec/size","value":1},{"op":"replace","path":"/spec/size","value":9}]""")!,
            "application/json-patch+json");
        failedTest.AssertStatus(422, "Invalid");
        Assert.Equal(5, (int)(await _api.GetObjectAsync($"{Widgets}/w"))["spec"]!["size"]!);

        var unsupported = await _api.PatchAsync($"{Widgets}/w", new JsonObject(), "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.Code);
    }

    [Fact]
    public async Task Generation_counts_spec_changes_but_not_status_or_metadata()
    {
        var created = await _api.CreateAsync(Widgets, Widget("w", 1));
        Assert.Equal(1, created.Generation());

        var labelled = await _api.PatchAsync($"{Widgets}/w", JsonNode.Parse("""{"metadata":{"labels":{"x":"y"}}}""")!);
        Assert.Equal(1, labelled.Object.Generation());

        var status = await _api.PatchAsync($"{Widgets}/w/status", JsonNode.Parse("""{"status":{"phase":"Running"}}""")!);
        Assert.Equal(1, status.Object.Generation());
        Assert.Equal("Running", status.Object["status"]!["phase"].Str());

        var spec = await _api.PatchAsync($"{Widgets}/w", JsonNode.Parse("""{"spec":{"size":2}}""")!);
        Assert.Equal(2, spec.Object.Generation());

        var same = await _api.PatchAsync($"{Widgets}/w", JsonNode.Parse("""{"spec":{"size":2}}""")!);
        Assert.Equal(spec.Object.ResourceVersion(), same.Object.ResourceVersion());
    }

    [Fact]
    public async Task Status_subresource_separates_spec_writes_from_status_writes()
    {
        await _api.CreateAsync(Widgets, Widget("w", 1));
        await _api.PatchAsync($"{Widgets}/w/status", JsonNode.Parse("""{"status":{"phase":"Running"}}""")!);

        // The main resource ignores status.
        var main = await _api.GetObjectAsync($"{Widgets}/w");
        main["spec"]!["size"] = 7;
        main["status"] = new JsonObject { ["phase"] = "Hacked" };
        var afterMain = (await _api.PutAsync($"{Widgets}/w", main)).Object;
        Assert.Equal(7, (int)afterMain["spec"]!["size"]!);
        Assert.Equal("Running", afterMain["status"]!["phase"].Str());

        // The status subresource ignores everything else.
        afterMain["spec"]!["size"] = 100;
        afterMain["metadata"]!["labels"] = new JsonObject { ["sneaky"] = "true" };
        afterMain["status"] = new JsonObject { ["phase"] = "Succeeded" };
        var afterStatus = (await _api.PutAsync($"{Widgets}/w/status", afterMain)).Object;
        Assert.Equal(7, (int)afterStatus["spec"]!["size"]!);
        Assert.Null(afterStatus["metadata"]!["labels"]);
        Assert.Equal("Succeeded", afterStatus["status"]!["phase"].Str());

        // And a status write with a stale version conflicts like any other.
        (await _api.PutAsync($"{Widgets}/w/status", afterMain)).AssertStatus(409, "Conflict");
    }

    [Fact]
    public async Task Pod_status_in_a_replace_is_ignored()
    {
        var pod = await _api.CreateAsync("/api/v1/namespaces/default/pods", Objects.Pod("p"));
        var replaced = (JsonObject)pod.DeepClone();
        replaced["status"]!["phase"] = "Succeeded";
        ((JsonObject)replaced["metadata"]!).Remove("resourceVersion"); // unconditional: the kubelet writes too
        var result = await _api.PutAsync("/api/v1/namespaces/default/pods/p", replaced);
        Assert.Equal(HttpStatusCode.OK, result.Code);
        Assert.NotEqual("Succeeded", result.Object["status"]!["phase"].Str());
    }

    [Fact]
    public async Task Pod_replace_with_only_the_fields_a_client_models_is_defaulted_not_refused()
    {
        var created = await _api.CreateAsync("/api/v1/namespaces/default/pods", Objects.Pod("p"));
        var minimal = Objects.Pod("p");
        minimal["metadata"]!["labels"] = new JsonObject { ["claimed"] = "true" };
        var replaced = await _api.PutAsync("/api/v1/namespaces/default/pods/p", minimal);
        Assert.Equal(HttpStatusCode.OK, replaced.Code);
        Assert.Equal("Always", replaced.Object["spec"]!["restartPolicy"].Str());
        Assert.Equal(created.Uid(), replaced.Object.Uid());
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_by_name()
    {
        var pod = Objects.Pod("p");
        ((JsonArray)pod["spec"]!["containers"]!).Add(new JsonObject { ["name"] = "sidecar", ["image"] = "side:1" });
        await _api.CreateAsync("/api/v1/namespaces/default/pods", pod);

        var patch = JsonNode.Parse("""
            {"metadata":{"finalizers":["a"]},
             "spec":{"containers":[{"name":"sidecar","image":"side:2"}]}}
            """)!;
        var patched = (await _api.PatchAsync("/api/v1/namespaces/default/pods/p", patch, "application/strategic-merge-patch+json")).Object;
        var containers = patched["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
        Assert.Equal("runner:1", containers[0]!["image"].Str());
        Assert.Equal("side:2", containers[1]!["image"].Str());

        var removeFinalizer = JsonNode.Parse("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""")!;
        var removed = (await _api.PatchAsync("/api/v1/namespaces/default/pods/p", removeFinalizer, "application/strategic-merge-patch+json")).Object;
        Assert.Null(removed["metadata"]!["finalizers"]?.AsArray().FirstOrDefault());

        // Removing a container is a pod spec change the API server forbids.
        var delete = JsonNode.Parse("""{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}""")!;
        var refused = await _api.PatchAsync("/api/v1/namespaces/default/pods/p", delete, "application/strategic-merge-patch+json");
        Assert.Contains("pod updates may not change fields other than", refused.AssertStatus(422, "Invalid")["message"].Str());
    }
}
