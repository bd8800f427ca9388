using System.Net;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Custom resources served from their CRD: schema pruning, defaults, validation and the scale subresource.</summary>
public sealed class CustomResourceTests : IAsyncLifetime
{
    private const string Pools = "/apis/letscode.dev/v1alpha1/namespaces/default/testpools";
    private const string Submissions = "/apis/letscode.dev/v1alpha1/namespaces/default/submissions";
    private KubernetesSimulator _simulator = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _simulator = await KubernetesSimulator.StartAsync();
        _api = new ApiClient(_simulator.BaseAddress);
        await _api.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", JsonNode.Parse("""
            {"metadata":{"name":"testpools.letscode.dev"},
             "spec":{"group":"letscode.dev","scope":"Namespaced","names":{"kind":"TestPool","plural":"testpools"},
              "versions":[{"name":"v1alpha1","served":true,"storage":true,
                "subresources":{"status":{},"scale":{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas","labelSelectorPath":".status.selector"}},
                "schema":{"openAPIV3Schema":{"type":"object","properties":{
                  "spec":{"type":"object","properties":{"replicas":{"type":"integer","minimum":0}}},
                  "status":{"type":"object","properties":{"replicas":{"type":"integer"},"selector":{"type":"string"}}}}}}}]}}
            """)!);
        await _api.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", JsonNode.Parse("""
            {"metadata":{"name":"submissions.letscode.dev"},
             "spec":{"group":"letscode.dev","scope":"Namespaced","names":{"kind":"Submission","plural":"submissions"},
              "versions":[{"name":"v1alpha1","served":true,"storage":true,"subresources":{"status":{}},
                "schema":{"openAPIV3Schema":{"type":"object","required":["spec"],"properties":{
                  "spec":{"type":"object","required":["language"],"properties":{
                    "language":{"type":"string"},"priority":{"type":"integer","default":0},
                    "tests":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}},
                    "extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
                  "status":{"type":"object","properties":{"phase":{"type":"string"}}}}}}}]}}
            """)!);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task Unknown_fields_are_pruned_and_defaults_applied()
    {
        var created = await _api.CreateAsync(Submissions, JsonNode.Parse("""
            {"apiVersion":"letscode.dev/v1alpha1","kind":"Submission","metadata":{"name":"s"},
             "spec":{"language":"python3","bogus":1,"tests":[{"name":"t","junk":true}],"extra":{"kept":true}}}
            """)!);
        Assert.Null(created["spec"]!["bogus"]);
        Assert.Null(created["spec"]!["tests"]![0]!["junk"]);
        Assert.Equal("t", created["spec"]!["tests"]![0]!["name"].Str());
        Assert.True((bool)created["spec"]!["extra"]!["kept"]!);
        Assert.Equal(0, (int)created["spec"]!["priority"]!);

        // Status fields the schema does not know are pruned too: a controller writing them would lose them.
        var status = await _api.PatchAsync($"{Submissions}/s/status", JsonNode.Parse("""{"status":{"phase":"Running","undeclared":"x"}}""")!);
        Assert.Equal("Running", status.Object["status"]!["phase"].Str());
        Assert.Null(status.Object["status"]!["undeclared"]);
    }

    [Fact]
    public async Task Field_validation_Strict_refuses_unknown_fields_and_Warn_reports_them()
    {
        var body = JsonNode.Parse("""{"metadata":{"name":"s"},"spec":{"language":"c","bogus":1}}""")!;
        var strict = await _api.PostAsync($"{Submissions}?fieldValidation=Strict", body);
        Assert.Equal("Submission in version \"v1alpha1\" cannot be handled as a Submission: strict decoding error: unknown field \"spec.bogus\"",
            strict.AssertStatus(400, "BadRequest")["message"].Str());

        using var request = new HttpRequestMessage(HttpMethod.Post, Submissions) { Content = new StringContent(body.ToJsonString()) };
        request.Content.Headers.ContentType = new("application/json");
        using var warned = await _api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, warned.StatusCode);
        Assert.Equal("299 - \"unknown field \\\"spec.bogus\\\"\"", Assert.Single(warned.Headers.GetValues("Warning")));

        (await _api.PostAsync($"{Submissions}?fieldValidation=Loose", body)).AssertStatus(400, "BadRequest");
    }

    [Fact]
    public async Task Validation_rules_in_the_supported_CEL_subset_are_enforced()
    {
        await _api.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", JsonNode.Parse("""
            {"metadata":{"name":"ranges.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"kind":"Range","plural":"ranges"},
              "versions":[{"name":"v1","served":true,"storage":true,
                "schema":{"openAPIV3Schema":{"type":"object","properties":{
                  "spec":{"type":"object",
                    "x-kubernetes-validations":[
                      {"rule":"self.min <= self.max","message":"min must not exceed max"},
                      {"rule":"has(self.inline) != has(self.ref)","message":"exactly one of inline and ref"},
                      {"rule":"!has(self.label) || (size(self.label) < 5 && self.label != 'bad')"},
                      {"rule":"self.all(x, x > 0)"}],
                    "properties":{"min":{"type":"integer"},"max":{"type":"integer"},"inline":{"type":"string"},
                      "ref":{"type":"string"},"label":{"type":"string"}}}}}}}]}}
            """)!);
        const string Ranges = "/apis/example.com/v1/namespaces/default/ranges";

        await _api.CreateAsync(Ranges, JsonNode.Parse("""{"metadata":{"name":"ok"},"spec":{"min":1,"max":2,"inline":"x","label":"abc"}}""")!);

        var inverted = await _api.PostAsync(Ranges, JsonNode.Parse("""{"metadata":{"name":"a"},"spec":{"min":3,"max":2,"ref":"r"}}""")!);
        Assert.Equal("Range.example.com \"a\" is invalid: spec: Invalid value: \"object\": min must not exceed max",
            inverted.AssertStatus(422, "Invalid")["message"].Str());

        var both = await _api.PostAsync(Ranges, JsonNode.Parse("""{"metadata":{"name":"b"},"spec":{"min":1,"max":2,"inline":"x","ref":"r"}}""")!);
        Assert.Contains("exactly one of inline and ref", both.AssertStatus(422, "Invalid")["message"].Str());

        var label = await _api.PostAsync(Ranges, JsonNode.Parse("""{"metadata":{"name":"c"},"spec":{"min":1,"max":2,"ref":"r","label":"bad"}}""")!);
        Assert.Contains("failed rule: !has(self.label)", label.AssertStatus(422, "Invalid")["message"].Str());
    }

    [Fact]
    public async Task Schema_violations_are_422_with_field_causes()
    {
        var response = await _api.PostAsync(Submissions, JsonNode.Parse("""{"metadata":{"name":"bad"},"spec":{"priority":"high"}}""")!);
        var status = response.AssertStatus(422, "Invalid");
        Assert.StartsWith("Submission.letscode.dev \"bad\" is invalid: [", status["message"].Str());
        var fields = status["details"]!["causes"]!.AsArray().Select(c => c!["field"].Str()).ToList();
        Assert.Contains("spec.priority", fields);
        Assert.Contains("spec.language", fields);
        Assert.Equal("Submission", status["details"]!["kind"].Str());
    }

    [Fact]
    public async Task Scale_subresource_reads_and_writes_the_replica_paths()
    {
        await _api.CreateAsync(Pools, JsonNode.Parse("""{"metadata":{"name":"p"},"spec":{"replicas":2}}""")!);
        await _api.PatchAsync($"{Pools}/p/status", JsonNode.Parse("""{"status":{"replicas":1,"selector":"pool=p"}}""")!);

        var scale = await _api.GetObjectAsync($"{Pools}/p/scale");
        Assert.Equal("Scale", scale["kind"].Str());
        Assert.Equal("autoscaling/v1", scale["apiVersion"].Str());
        Assert.Equal(2, (int)scale["spec"]!["replicas"]!);
        Assert.Equal(1, (int)scale["status"]!["replicas"]!);
        Assert.Equal("pool=p", scale["status"]!["selector"].Str());

        scale["spec"]!["replicas"] = 4;
        var put = await _api.PutAsync($"{Pools}/p/scale", scale);
        Assert.Equal(HttpStatusCode.OK, put.Code);
        (await _api.PutAsync($"{Pools}/p/scale", scale)).AssertStatus(409, "Conflict");

        var patched = await _api.PatchAsync($"{Pools}/p/scale", JsonNode.Parse("""{"spec":{"replicas":6}}""")!);
        Assert.Equal(6, (int)patched.Object["spec"]!["replicas"]!);
        var pool = await _api.GetObjectAsync($"{Pools}/p");
        Assert.Equal(6, (int)pool["spec"]!["replicas"]!);
        Assert.Equal(3, pool.Generation());

        (await _api.PatchAsync($"{Pools}/p/scale", JsonNode.Parse("""{"spec":{"replicas":-1}}""")!)).AssertStatus(422, "Invalid");
        (await _api.GetAsync($"{Submissions}/x/scale")).AssertStatus(404, "NotFound");
    }

    [Fact]
    public async Task Custom_resources_can_be_watched_and_listed_by_label()
    {
        await using var watch = await WatchStream.OpenAsync(_api.Http, $"{Pools}?watch=true&resourceVersion={_simulator.ResourceVersion}");
        await _api.CreateAsync(Pools, JsonNode.Parse("""{"metadata":{"name":"w","labels":{"tier":"a"}},"spec":{"replicas":1}}""")!);
        var ev = await watch.NextChangeAsync();
        Assert.Equal(("ADDED", "TestPool", "letscode.dev/v1alpha1"), (ev.Type, ev.Object["kind"].Str(), ev.Object["apiVersion"].Str()));

        var list = await _api.GetObjectAsync($"{Pools}?labelSelector=tier%3Da");
        Assert.Equal("TestPoolList", list["kind"].Str());
        Assert.Equal("TestPool", list["items"]![0]!["kind"].Str());
    }
}
