using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Tests.Support;

namespace LetsCode.Kubernetes.Tests.Client;

/// <summary>Every verb of the resource client against the API server simulator.</summary>
public sealed class ResourceClientTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static ConfigMap ConfigMap(string ns, string name, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name, Labels = labels },
        Data = new() { ["key"] = "value" },
    };

    [Fact]
    public async Task Create_get_replace_delete()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);

        var created = await configMaps.CreateAsync(ConfigMap(ns, "a"));
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.NotNull(created.Metadata.CreationTimestamp);

        var fetched = await configMaps.GetAsync(ns, "a");
        Assert.Equal(created.Metadata.Uid, fetched.Metadata.Uid);
        Assert.Equal("value", fetched.Data!["key"]);

        fetched.Data["key"] = "changed";
        var replaced = await configMaps.ReplaceAsync(fetched);
        Assert.Equal("changed", replaced.Data!["key"]);
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);

        await configMaps.DeleteAsync(ns, "a");
        await Assert.ThrowsAsync<NotFoundException>(() => configMaps.GetAsync(ns, "a"));
        Assert.Null(await configMaps.TryGetAsync(ns, "a"));
        Assert.False(await configMaps.DeleteIfExistsAsync(ns, "a"));
    }

    [Fact]
    public async Task Generate_name_gets_a_server_chosen_name()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var pod = await client.For(KubernetesResources.Pods).CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Namespace = ns, GenerateName = "sandbox-" },
            Spec = new PodSpec { Containers = [new Container { Name = "runner", Image = "letscode/runner" }] },
        });
        Assert.StartsWith("sandbox-", pod.Metadata.Name, StringComparison.Ordinal);
        Assert.True(pod.Metadata.Name!.Length > "sandbox-".Length);
    }

    [Fact]
    public async Task Conflicts_and_duplicates_are_typed_errors()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        var created = await configMaps.CreateAsync(ConfigMap(ns, "a"));

        await Assert.ThrowsAsync<AlreadyExistsException>(() => configMaps.CreateAsync(ConfigMap(ns, "a")));

        var stale = KubernetesResources.ConfigMaps.Clone(created);
        created.Data!["key"] = "first writer";
        await configMaps.ReplaceAsync(created);
        stale.Data!["key"] = "second writer";
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => configMaps.ReplaceAsync(stale));
        Assert.Equal("Conflict", conflict.Reason);

        // A merge patch carrying the old resourceVersion is an optimistic lock too.
        await Assert.ThrowsAsync<ConflictException>(() => configMaps.PatchAsync(ns, "a",
            new MergePatchBuilder().RequireResourceVersion(stale.Metadata.ResourceVersion!).Set(["data", "key"], "x").Build()));

        await Assert.ThrowsAsync<NotFoundException>(() => configMaps.PatchAsync(ns, "missing", new MergePatchBuilder().SetLabel("a", "b").Build()));
    }

    [Fact]
    public async Task Merge_patch_and_json_patch()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        await configMaps.CreateAsync(ConfigMap(ns, "a", new() { ["keep"] = "1", ["drop"] = "1" }));

        var merged = await configMaps.PatchAsync(ns, "a", new MergePatchBuilder()
            .SetLabel("added", "yes")
            .Remove(["metadata", "labels", "drop"])
            .Set(["data", "other"], "2")
            .Build());
        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["added"] = "yes" }, merged.Metadata.Labels);
        Assert.Equal("2", merged.Data!["other"]);
        Assert.Equal("value", merged.Data["key"]);

        var patched = await configMaps.PatchAsync(ns, "a", new JsonPatchBuilder()
            .Test(["data", "key"], "value")
            .Replace(["data", "key"], "replaced")
            .Add(["metadata", "labels", "letscode.dev/state"], "claimed")
            .Build());
        Assert.Equal("replaced", patched.Data!["key"]);
        Assert.Equal("claimed", patched.Metadata.Labels!["letscode.dev/state"]);

        // A failed test operation applies nothing.
        var failed = await Assert.ThrowsAnyAsync<KubernetesApiException>(() => configMaps.PatchAsync(ns, "a", new JsonPatchBuilder()
            .Test(["data", "key"], "not this")
            .Replace(["data", "key"], "never")
            .Build()));
        Assert.True((int)failed.StatusCode is 409 or 422, $"got {(int)failed.StatusCode}");
        Assert.Equal("replaced", (await configMaps.GetAsync(ns, "a")).Data!["key"]);
    }

    [Fact]
    public async Task Delete_preconditions_and_finalizers()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        var created = await configMaps.CreateAsync(ConfigMap(ns, "a"));

        await Assert.ThrowsAsync<ConflictException>(() => configMaps.DeleteAsync(ns, "a",
            new DeleteOptions { Preconditions = new Preconditions { Uid = "not-the-uid" } }));

        var withFinalizer = ConfigMap(ns, "b");
        withFinalizer.Metadata.Finalizers = ["letscode.dev/cleanup"];
        await configMaps.CreateAsync(withFinalizer);
        await configMaps.DeleteAsync(ns, "b", new DeleteOptions { PropagationPolicy = PropagationPolicy.Background });
        var terminating = await configMaps.GetAsync(ns, "b");
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        await configMaps.PatchAsync(ns, "b", new JsonPatchBuilder().Remove(["metadata", "finalizers"]).Build());
        await Eventually.TrueAsync(async () => await configMaps.TryGetAsync(ns, "b") is null, "b is gone after its finalizer is removed");

        await configMaps.DeleteAsync(ns, "a", new DeleteOptions
        {
            Preconditions = new Preconditions { Uid = created.Metadata.Uid, ResourceVersion = created.Metadata.ResourceVersion },
            PropagationPolicy = PropagationPolicy.Foreground,
        });
        Assert.Null(await configMaps.TryGetAsync(ns, "a"));
    }

    [Fact]
    public async Task Status_subresource_is_separate_from_the_spec()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var pods = client.For(KubernetesResources.Pods);
        fixture.Simulator.Kubelet.Unschedulable = false;
        await pods.CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Namespace = ns, Name = "p" },
            Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "i" }] },
        });

        // The simulated kubelet writes the pod's status until it is Running; writing status before then races it
        // (a correct 409 from the server), so start once the kubelet is done with the pod.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await pods.GetAsync(ns, "p")).Status?.Phase != "Running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var pod = await pods.GetStatusAsync(ns, "p");
        pod.Status ??= new PodStatus();
        pod.Status.Message = "set through status";
        pod.Metadata.Labels = new() { ["ignored"] = "on /status" };
        var afterStatus = await pods.ReplaceStatusAsync(pod);
        Assert.Equal("set through status", afterStatus.Status!.Message);
        Assert.False(afterStatus.Metadata.Labels?.ContainsKey("ignored") ?? false);

        var patched = await pods.PatchStatusAsync(ns, "p", new MergePatchBuilder().Set(["status", "reason"], "Testing").Build());
        Assert.Equal("Testing", patched.Status!.Reason);

        // A spec update ignores status.
        var current = await pods.GetAsync(ns, "p");
        current.Status!.Reason = "from a spec update";
        current.Metadata.Labels = new() { ["visible"] = "yes" };
        var afterSpec = await pods.ReplaceAsync(current);
        Assert.Equal("yes", afterSpec.Metadata.Labels!["visible"]);
        Assert.NotEqual("from a spec update", afterSpec.Status?.Reason);
    }

    [Fact]
    public async Task Paging_with_limit_and_continue()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        for (var i = 0; i < 25; i++)
        {
            await configMaps.CreateAsync(ConfigMap(ns, $"cm-{i:D2}"));
        }

        var first = await configMaps.ListAsync(ns, new ListOptions { Limit = 10 });
        Assert.Equal(10, first.Items.Count);
        Assert.False(string.IsNullOrEmpty(first.Metadata.Continue));
        var second = await configMaps.ListAsync(ns, new ListOptions { Limit = 10, Continue = first.Metadata.Continue });
        Assert.Equal(10, second.Items.Count);
        Assert.Empty(first.Items.Select(i => i.Metadata.Name).Intersect(second.Items.Select(i => i.Metadata.Name)));

        var (all, version) = await configMaps.ListAllAsync(ns, pageSize: 7);
        Assert.Equal(25, all.Count);
        Assert.Equal(25, all.Select(i => i.Metadata.Name).Distinct().Count());
        Assert.False(string.IsNullOrEmpty(version));
    }

    [Fact]
    public async Task Label_and_field_selectors()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        await configMaps.CreateAsync(ConfigMap(ns, "idle-1", new() { ["pool"] = "py", ["state"] = "idle" }));
        await configMaps.CreateAsync(ConfigMap(ns, "idle-2", new() { ["pool"] = "py", ["state"] = "idle" }));
        await configMaps.CreateAsync(ConfigMap(ns, "busy", new() { ["pool"] = "py", ["state"] = "claimed" }));
        await configMaps.CreateAsync(ConfigMap(ns, "other", new() { ["pool"] = "cpp" }));

        async Task<string[]> Names(ListOptions options) =>
            [.. (await configMaps.ListAsync(ns, options)).Items.Select(i => i.Metadata.Name!).Order()];

        Assert.Equal(["idle-1", "idle-2"], await Names(new ListOptions { LabelSelector = "pool=py,state=idle" }));
        Assert.Equal(["busy", "idle-1", "idle-2"], await Names(new ListOptions { LabelSelector = "pool in (py)" }));
        Assert.Equal(["other"], await Names(new ListOptions { LabelSelector = "!state" }));
        Assert.Equal(["busy"], await Names(new ListOptions { FieldSelector = "metadata.name=busy" }));
        Assert.Equal(["idle-2"], await Names(new ListOptions { LabelSelector = "state=idle", FieldSelector = "metadata.name!=idle-1" }));
    }

    [Fact]
    public async Task Cluster_scoped_and_all_namespace_lists()
    {
        using var client = fixture.CreateClient();
        var ns1 = await SimulatorFixture.CreateNamespaceAsync(client);
        var ns2 = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        var marker = Guid.NewGuid().ToString("N");
        await configMaps.CreateAsync(ConfigMap(ns1, "a", new() { ["marker"] = marker }));
        await configMaps.CreateAsync(ConfigMap(ns2, "a", new() { ["marker"] = marker }));

        var everywhere = await configMaps.ListAsync(null, new ListOptions { LabelSelector = $"marker={marker}" });
        Assert.Equal(new[] { ns1, ns2 }.Order(), everywhere.Items.Select(i => i.Metadata.Namespace!).Order());

        var namespaces = await client.For(KubernetesResources.Namespaces).ListAsync(null);
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == ns1);
    }

    [Fact]
    public async Task Exceeded_quota_is_forbidden()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        await client.For(KubernetesResources.ResourceQuotas).CreateAsync(new ResourceQuota
        {
            Metadata = new ObjectMeta { Namespace = ns, Name = "sandboxes" },
            Spec = new ResourceQuotaSpec { Hard = new() { ["pods"] = "1" } },
        });
        var pods = client.For(KubernetesResources.Pods);
        Pod NewPod() => new()
        {
            Metadata = new ObjectMeta { Namespace = ns, GenerateName = "p-" },
            Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "i" }] },
        };

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await pods.CreateAsync(NewPod());
                return false;
            }
            catch (ForbiddenException e)
            {
                Assert.Contains("exceeded quota", e.Status.Message, StringComparison.Ordinal);
                return true;
            }
        }, "the second pod is refused");
        Assert.Single((await pods.ListAsync(ns)).Items);
    }

    [Fact]
    public async Task Invalid_objects_are_rejected_with_causes()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var error = await Assert.ThrowsAsync<InvalidException>(() =>
            client.For(KubernetesResources.ConfigMaps).CreateAsync(ConfigMap(ns, "Not_A_Valid_Name")));
        Assert.NotEmpty(error.Causes);
    }

    [Fact]
    public async Task Throttled_requests_are_retried_then_surface_as_too_many_requests()
    {
        using var client = fixture.CreateClient(new KubernetesClientOptions { MaxThrottleRetries = 50, MaxRetryAfter = TimeSpan.FromMilliseconds(20) });
        using var metrics = new MetricRecorder(client.Metrics.Meter);
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        await configMaps.CreateAsync(ConfigMap(ns, "a"));
        fixture.Simulator.Faults.ErrorStatusCode = 429;
        fixture.Simulator.Faults.ErrorRate = 0.5;
        try
        {
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal("value", (await configMaps.GetAsync(ns, "a")).Data!["key"]);
            }

            Assert.True(metrics.Sum("letscode.kubernetes.throttle_retries") > 0);

            fixture.Simulator.Faults.ErrorRate = 1;
            using var impatient = fixture.CreateClient(new KubernetesClientOptions { MaxThrottleRetries = 2, MaxRetryAfter = TimeSpan.FromMilliseconds(10) });
            using var impatientMetrics = new MetricRecorder(impatient.Metrics.Meter);
            await Assert.ThrowsAsync<TooManyRequestsException>(() => impatient.For(KubernetesResources.ConfigMaps).GetAsync(ns, "a"));
            Assert.Equal(2, impatientMetrics.Sum("letscode.kubernetes.throttle_retries"));
            Assert.Equal(3, impatientMetrics.Sum("letscode.kubernetes.requests", "code", "429"));
        }
        finally
        {
            fixture.Simulator.Faults.ErrorRate = 0;
            fixture.Simulator.Faults.ErrorStatusCode = 500;
        }
    }

    [Fact]
    public async Task Server_errors_are_not_retried_blindly()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        fixture.Simulator.Faults.ErrorStatusCode = 500;
        fixture.Simulator.Faults.ErrorRate = 1;
        try
        {
            var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.For(KubernetesResources.ConfigMaps).CreateAsync(ConfigMap(ns, "a")));
            Assert.Equal(500, (int)error.StatusCode);
        }
        finally
        {
            fixture.Simulator.Faults.ErrorRate = 0;
        }
    }

    [Fact]
    public async Task Unmodelled_fields_survive_replace()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        var created = await configMaps.CreateAsync(ConfigMap(ns, "a"));
        created.AdditionalProperties = new() { ["binaryData"] = System.Text.Json.JsonDocument.Parse("""{"b":"AAE="}""").RootElement };
        created.BinaryData = null;
        var replaced = await configMaps.ReplaceAsync(created);
        Assert.Equal([0, 1], replaced.BinaryData!["b"]);
    }
}
