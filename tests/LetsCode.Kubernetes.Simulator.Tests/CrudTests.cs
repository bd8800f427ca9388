using System.Net;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Create, get, replace and the Status objects of failures, as the API conventions document them.</summary>
public sealed class CrudTests : IAsyncLifetime
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
    public async Task Create_fills_server_metadata_and_get_returns_it()
    {
        var created = await _api.CreateAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("settings"));

        Assert.Equal("ConfigMap", created["kind"].Str());
        Assert.Equal("v1", created["apiVersion"].Str());
        Assert.Equal("default", created["metadata"]!["namespace"].Str());
        Assert.True(Guid.TryParse(created.Uid(), out _));
        Assert.True(long.Parse(created.ResourceVersion(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(DateTimeOffset.TryParse(created["metadata"]!["creationTimestamp"].Str(), out _));

        var fetched = await _api.GetObjectAsync("/api/v1/namespaces/default/configmaps/settings");
        Assert.Equal(created.ResourceVersion(), fetched.ResourceVersion());
        Assert.Equal("settings", fetched["data"]!["value"].Str());
    }

    [Fact]
    public async Task Every_write_gets_a_new_resource_version_from_one_global_counter()
    {
        var a = await _api.CreateAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));
        var b = await _api.CreateAsync("/api/v1/namespaces/default/secrets", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "b" },
            ["stringData"] = new JsonObject { ["token"] = "hunter2" },
        });
        var versionA = long.Parse(a.ResourceVersion(), System.Globalization.CultureInfo.InvariantCulture);
        var versionB = long.Parse(b.ResourceVersion(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(versionB > versionA);
        Assert.Equal("aHVudGVyMg==", b["data"]!["token"].Str());
        Assert.Null(b["stringData"]);
        Assert.Equal("Opaque", b["type"].Str());
    }

    [Fact]
    public async Task GenerateName_makes_unique_names()
    {
        var names = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            var created = await _api.CreateAsync("/api/v1/namespaces/default/configmaps", new JsonObject
            {
                ["metadata"] = new JsonObject { ["generateName"] = "sandbox-" },
            });
            var name = created["metadata"]!["name"].Str()!;
            Assert.Matches("^sandbox-[a-z0-9]{5}$", name);
            Assert.True(names.Add(name));
        }
    }

    [Fact]
    public async Task Failures_are_Status_objects_with_reason_and_details()
    {
        var missing = await _api.GetAsync("/api/v1/namespaces/default/pods/ghost");
        var status = missing.AssertStatus(404, "NotFound");
        Assert.Equal("pods \"ghost\" not found", status["message"].Str());
        Assert.Equal("ghost", status["details"]!["name"].Str());
        Assert.Equal("pods", status["details"]!["kind"].Str());

        await _api.CreateAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("twice"));
        var duplicate = await _api.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("twice"));
        Assert.Equal("configmaps \"twice\" already exists", duplicate.AssertStatus(409, "AlreadyExists")["message"].Str());

        var nameless = await _api.PostAsync("/api/v1/namespaces/default/configmaps", new JsonObject { ["metadata"] = new JsonObject() });
        var invalid = nameless.AssertStatus(422, "Invalid");
        Assert.Equal("metadata.name", invalid["details"]!["causes"]![0]!["field"].Str());
        Assert.Equal("FieldValueRequired", invalid["details"]!["causes"]![0]!["reason"].Str());

        var badName = await _api.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("Not_Valid"));
        Assert.Contains("a lowercase RFC 1123 subdomain", badName.AssertStatus(422, "Invalid")["message"].Str());

        var noNamespace = await _api.PostAsync("/api/v1/namespaces/nowhere/configmaps", Objects.ConfigMap("x"));
        Assert.Equal("namespaces \"nowhere\" not found", noNamespace.AssertStatus(404, "NotFound")["message"].Str());

        var wrongNamespace = await _api.PostAsync("/api/v1/namespaces/default/configmaps",
            new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x", ["namespace"] = "kube-system" } });
        wrongNamespace.AssertStatus(400, "BadRequest");

        var unknown = await _api.GetAsync("/apis/letscode.dev/v1alpha1/namespaces/default/submissions");
        unknown.AssertStatus(404, "NotFound");

        var noPodSpec = await _api.PostAsync("/api/v1/namespaces/default/pods", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "p" } });
        Assert.Equal("spec.containers", noPodSpec.AssertStatus(422, "Invalid")["details"]!["causes"]![0]!["field"].Str());
    }

    [Theory]
    [InlineData("language", "c++")]
    [InlineData("language", "-leading-dash")]
    [InlineData("letscode.dev/submission", "a-name-that-is-longer-than-sixty-three-characters-which-labels-refuse")]
    [InlineData("bad key", "x")]
    [InlineData("Not_A.Domain/key", "x")]
    public async Task Invalid_labels_are_refused_like_a_real_server_does(string key, string value)
    {
        var response = await _api.PostAsync("/api/v1/namespaces/default/configmaps",
            Objects.ConfigMap("labelled", new Dictionary<string, string> { [key] = value }));
        var status = response.AssertStatus(422, "Invalid");
        Assert.Equal("metadata.labels", status["details"]!["causes"]![0]!["field"].Str());
    }

    [Fact]
    public async Task Owner_references_need_all_their_fields()
    {
        var cm = Objects.ConfigMap("owned");
        cm["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "x" });
        var status = (await _api.PostAsync("/api/v1/namespaces/default/configmaps", cm)).AssertStatus(422, "Invalid");
        Assert.Equal("metadata.ownerReferences[0].uid", status["details"]!["causes"]![0]!["field"].Str());
    }

    [Fact]
    public async Task Pods_get_defaults_and_a_Pending_status_on_create()
    {
        var pod = await _api.CreateAsync("/api/v1/namespaces/default/pods", Objects.Pod("p", p => p["status"] = new JsonObject { ["phase"] = "Running" }).WithResources("500m", "128Mi"));
        Assert.Equal("Pending", pod["status"]!["phase"].Str());
        Assert.Equal("Guaranteed", pod["status"]!["qosClass"].Str());
        Assert.Equal("Always", pod["spec"]!["restartPolicy"].Str());
    }

    [Fact]
    public async Task Namespaces_can_be_created_and_deleted_with_their_contents()
    {
        await _api.CreateAsync("/api/v1/namespaces", Objects.Namespace("judge"));
        await _api.CreateAsync("/api/v1/namespaces/judge/configmaps", Objects.ConfigMap("inside"));

        var deleting = await _api.DeleteAsync("/api/v1/namespaces/judge");
        Assert.Equal(HttpStatusCode.OK, deleting.Code);
        Assert.Equal("Terminating", deleting.Object["status"]!["phase"].Str());

        await Objects.Eventually(async () => (await _api.GetAsync("/api/v1/namespaces/judge")).Code == HttpStatusCode.NotFound, "namespace gone");
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/api/v1/namespaces/judge/configmaps/inside")).Code);
    }

    [Fact]
    public async Task Objects_too_large_for_etcd_and_bodies_over_3_MiB_are_413()
    {
        var big = await _api.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("big", data: new string('x', 2 * 1024 * 1024)));
        Assert.Equal("etcdserver: request is too large", big.AssertStatus(413, "RequestEntityTooLarge")["message"].Str());
        var huge = await _api.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("huge", data: new string('x', 4 * 1024 * 1024)));
        huge.AssertStatus(413, "RequestEntityTooLarge");
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/api/v1/namespaces/default/configmaps/big")).Code);
        await _api.CreateAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("fits", data: new string('x', 1024 * 1024)));
    }

    [Fact]
    public async Task Protobuf_and_yaml_bodies_are_refused_with_415()
    {
        using var content = new ByteArrayContent([0x6b, 0x38, 0x73, 0x00]);
        content.Headers.ContentType = new("application/vnd.kubernetes.protobuf");
        using var response = await _api.Http.PostAsync("/api/v1/namespaces/default/configmaps", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
