using System.Net;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Finalizers, deletionTimestamp, preconditions and ownerReference garbage collection.</summary>
public sealed class DeletionTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
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

    private static JsonObject OwnedBy(JsonObject dependent, JsonObject owner)
    {
        dependent["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["name"] = owner["metadata"]!["name"]!.DeepClone(),
            ["uid"] = owner.Uid(),
            ["blockOwnerDeletion"] = true,
        });
        return dependent;
    }

    [Fact]
    public async Task Finalizers_keep_a_deleted_object_until_they_are_removed()
    {
        var cm = Objects.ConfigMap("guarded");
        cm["metadata"]!["finalizers"] = new JsonArray("letscode.dev/cleanup");
        await _api.CreateAsync(ConfigMaps, cm);

        var deleted = await _api.DeleteAsync($"{ConfigMaps}/guarded");
        Assert.Equal(HttpStatusCode.OK, deleted.Code);
        Assert.NotNull(deleted.Object["metadata"]!["deletionTimestamp"]);

        var still = await _api.GetObjectAsync($"{ConfigMaps}/guarded");
        Assert.NotNull(still["metadata"]!["deletionTimestamp"]);

        var addFinalizer = await _api.PatchAsync($"{ConfigMaps}/guarded",
            JsonNode.Parse("""{"metadata":{"finalizers":["letscode.dev/cleanup","another"]}}""")!);
        Assert.Contains("no new finalizers can be added if the object is being deleted", addFinalizer.AssertStatus(422, "Invalid")["message"].Str());

        var release = await _api.PatchAsync($"{ConfigMaps}/guarded", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!);
        Assert.Equal(HttpStatusCode.OK, release.Code);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"{ConfigMaps}/guarded")).Code);
    }

    [Fact]
    public async Task Preconditions_guard_deletes()
    {
        var cm = await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("c"));
        var wrongUid = await _api.DeleteAsync($"{ConfigMaps}/c", JsonNode.Parse("""{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"00000000-0000-0000-0000-000000000000"}}""")!);
        Assert.StartsWith("Operation cannot be fulfilled on configmaps \"c\": Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000, UID in object meta: ",
            wrongUid.AssertStatus(409, "Conflict")["message"].Str());

        var wrongVersion = await _api.DeleteAsync($"{ConfigMaps}/c", new JsonObject { ["preconditions"] = new JsonObject { ["resourceVersion"] = "1" } });
        wrongVersion.AssertStatus(409, "Conflict");

        var right = await _api.DeleteAsync($"{ConfigMaps}/c", new JsonObject
        {
            ["preconditions"] = new JsonObject { ["uid"] = cm.Uid(), ["resourceVersion"] = cm.ResourceVersion() },
        });
        Assert.Equal(HttpStatusCode.OK, right.Code);
        (await _api.DeleteAsync($"{ConfigMaps}/c")).AssertStatus(404, "NotFound");
    }

    [Fact]
    public async Task Background_deletion_collects_dependents_after_the_owner_is_gone()
    {
        var owner = await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("owner"));
        await _api.CreateAsync("/api/v1/namespaces/default/pods", OwnedBy(Objects.Pod("child-pod"), owner));
        await _api.CreateAsync(ConfigMaps, OwnedBy(Objects.ConfigMap("child-cm"), owner));

        Assert.Equal(HttpStatusCode.OK, (await _api.DeleteAsync($"{ConfigMaps}/owner", new JsonObject { ["propagationPolicy"] = "Background" })).Code);
        await Objects.Eventually(async () =>
            (await _api.GetAsync("/api/v1/namespaces/default/pods/child-pod")).Code == HttpStatusCode.NotFound &&
            (await _api.GetAsync($"{ConfigMaps}/child-cm")).Code == HttpStatusCode.NotFound, "dependents collected");
    }

    [Fact]
    public async Task Foreground_deletion_removes_dependents_before_the_owner()
    {
        var owner = await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("owner"));
        var child = OwnedBy(Objects.ConfigMap("child"), owner);
        child["metadata"]!["finalizers"] = new JsonArray("hold");
        await _api.CreateAsync(ConfigMaps, child);

        var deleting = await _api.DeleteAsync($"{ConfigMaps}/owner", new JsonObject { ["propagationPolicy"] = "Foreground" });
        Assert.Contains("foregroundDeletion", deleting.Object["metadata"]!["finalizers"]!.ToJsonString());

        // The dependent is being deleted but holds on; the owner waits for it.
        await Objects.Eventually(async () => (await _api.GetObjectAsync($"{ConfigMaps}/child"))["metadata"]!["deletionTimestamp"] is not null, "child deleting");
        await Task.Delay(300);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"{ConfigMaps}/owner")).Code);

        await _api.PatchAsync($"{ConfigMaps}/child", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!);
        await Objects.Eventually(async () => (await _api.GetAsync($"{ConfigMaps}/owner")).Code == HttpStatusCode.NotFound, "owner gone");
    }

    [Fact]
    public async Task Orphan_deletion_keeps_dependents_and_drops_their_owner_reference()
    {
        var owner = await _api.CreateAsync(ConfigMaps, Objects.ConfigMap("owner"));
        await _api.CreateAsync(ConfigMaps, OwnedBy(Objects.ConfigMap("child"), owner));

        await _api.DeleteAsync($"{ConfigMaps}/owner", new JsonObject { ["propagationPolicy"] = "Orphan" });
        await Objects.Eventually(async () => (await _api.GetAsync($"{ConfigMaps}/owner")).Code == HttpStatusCode.NotFound, "owner gone");
        await Task.Delay(200);
        var child = await _api.GetObjectAsync($"{ConfigMaps}/child");
        Assert.Null(child["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task Deleting_a_crd_deletes_its_custom_resources()
    {
        await _api.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", JsonNode.Parse("""
            {"metadata":{"name":"things.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"kind":"Thing","plural":"things"},
              "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """)!);
        await _api.CreateAsync("/apis/example.com/v1/namespaces/default/things", JsonNode.Parse("""{"metadata":{"name":"t"}}""")!);

        await _api.DeleteAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/things.example.com");
        (await _api.GetAsync("/apis/example.com/v1/namespaces/default/things/t")).AssertStatus(404, "NotFound");
        var groups = await _api.GetObjectAsync("/apis");
        Assert.DoesNotContain("example.com", groups.ToJsonString());
    }
}
