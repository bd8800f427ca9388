using System.Text.Json;
using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Watch;

namespace LetsCode.Kubernetes.Tests.Models;

public sealed class SerializationTests
{
    [Fact]
    public void Pod_uses_the_api_field_names_and_omits_unset_fields()
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = "p", Namespace = "ns" },
            Spec = new PodSpec
            {
                HostPid = false,
                HostIpc = false,
                RuntimeClassName = "gvisor",
                SecurityContext = new PodSecurityContext { SeccompProfile = new SeccompProfile { Type = "Localhost", LocalhostProfile = "letscode.json" } },
                Containers = [new Container { Name = "c", SecurityContext = new SecurityContext { Capabilities = new Capabilities { Drop = ["ALL"] } } }],
            },
        };

        var json = JsonNode.Parse(KubernetesResources.Pods.Serialize(pod))!;

        Assert.Equal("v1", (string?)json["apiVersion"]);
        Assert.False((bool)json["spec"]!["hostPID"]!);
        Assert.False((bool)json["spec"]!["hostIPC"]!);
        Assert.Equal("Localhost", (string?)json["spec"]!["securityContext"]!["seccompProfile"]!["type"]);
        Assert.Equal("ALL", (string?)json["spec"]!["containers"]![0]!["securityContext"]!["capabilities"]!["drop"]![0]);
        Assert.Null(json["status"]);
        Assert.False(json["spec"]!.AsObject().ContainsKey("nodeSelector"));
    }

    [Fact]
    public void Unknown_fields_survive_a_round_trip()
    {
        const string json = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","futureMeta":1},
             "spec":{"containers":[{"name":"c","resizePolicy":[{"resourceName":"cpu"}]}],"schedulingGates":[{"name":"g"}]},
             "status":{"phase":"Running","containerStatuses":[{"name":"c","imageID":"sha","containerID":"containerd://x","state":{"running":{"startedAt":"2024-05-01T10:00:00Z"}}}]}}
            """;

        var pod = KubernetesResources.Pods.Deserialize(System.Text.Encoding.UTF8.GetBytes(json));
        var back = JsonNode.Parse(KubernetesResources.Pods.Serialize(pod))!;

        Assert.Equal("sha", pod.Status!.ContainerStatuses![0].ImageId);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), pod.Status.ContainerStatuses[0].State!.Running!.StartedAt);
        Assert.Equal(1, (int)back["metadata"]!["futureMeta"]!);
        Assert.Equal("g", (string?)back["spec"]!["schedulingGates"]![0]!["name"]);
        Assert.Equal("cpu", (string?)back["spec"]!["containers"]![0]!["resizePolicy"]![0]!["resourceName"]);
        Assert.Equal("2024-05-01T10:00:00Z", (string?)back["status"]!["containerStatuses"]![0]!["state"]!["running"]!["startedAt"]);
    }

    [Fact]
    public void Lease_times_are_micro_times()
    {
        var lease = new Lease { Spec = new LeaseSpec { RenewTime = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567) } };
        var json = JsonNode.Parse(KubernetesResources.Leases.Serialize(lease))!;
        Assert.Equal("2024-01-02T03:04:05.123456Z", (string?)json["spec"]!["renewTime"]);
    }

    [Fact]
    public void Int_or_string_ports()
    {
        var policy = new NetworkPolicy
        {
            Spec = new NetworkPolicySpec { Egress = [new NetworkPolicyEgressRule { Ports = [new NetworkPolicyPort { Port = 53 }, new NetworkPolicyPort { Port = "dns" }] }] },
        };
        var bytes = KubernetesResources.NetworkPolicies.Serialize(policy);
        var json = JsonNode.Parse(bytes)!;
        Assert.Equal(53, (int)json["spec"]!["egress"]![0]!["ports"]![0]!["port"]!);
        Assert.Equal("dns", (string?)json["spec"]!["egress"]![0]!["ports"]![1]!["port"]);
        var back = KubernetesResources.NetworkPolicies.Deserialize(bytes);
        Assert.Equal(53, back.Spec!.Egress![0].Ports![0].Port!.Value.IntValue);
    }

    [Fact]
    public void Secret_data_is_base64()
    {
        var secret = new Secret { Data = new() { ["k"] = "hello"u8.ToArray() } };
        var json = JsonNode.Parse(KubernetesResources.Secrets.Serialize(secret))!;
        Assert.Equal("aGVsbG8=", (string?)json["data"]!["k"]);
    }

    [Fact]
    public void Status_with_causes()
    {
        const string json = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"bad","reason":"Invalid","code":422,"details":{"name":"x","kind":"pods","causes":[{"reason":"FieldValueRequired","message":"Required value","field":"spec.containers"}]}}""";
        var status = JsonSerializer.Deserialize(json, KubernetesJsonContext.Default.Status)!;
        Assert.Equal("Failure", status.Outcome);
        Assert.Equal(422, status.Code);
        Assert.Equal("spec.containers", status.Details!.Causes![0].Field);
    }

    [Theory]
    [InlineData("ADDED", WatchEventType.Added)]
    [InlineData("MODIFIED", WatchEventType.Modified)]
    [InlineData("DELETED", WatchEventType.Deleted)]
    [InlineData("BOOKMARK", WatchEventType.Bookmark)]
    public void Watch_event_lines(string type, WatchEventType expected)
    {
        var line = """{"type":"TYPE","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"42"}}}""".Replace("TYPE", type, StringComparison.Ordinal);
        var parsed = WatchEventParser.Parse(line, KubernetesResources.ConfigMaps);
        Assert.Equal(expected, parsed.Type);
        Assert.Equal("42", parsed.Object!.Metadata.ResourceVersion);
    }

    [Fact]
    public void Watch_error_event_carries_a_status()
    {
        var parsed = WatchEventParser.Parse("""{"type":"ERROR","object":{"kind":"Status","status":"Failure","reason":"Expired","code":410,"message":"too old resource version"}}""", KubernetesResources.Pods);
        Assert.Equal(WatchEventType.Error, parsed.Type);
        Assert.Equal(410, parsed.Status!.Code);
    }

    [Fact]
    public void Garbage_watch_line_is_a_json_error()
    {
        Assert.ThrowsAny<JsonException>(() => WatchEventParser.Parse("""{"hello":1}""", KubernetesResources.Pods));
        Assert.ThrowsAny<JsonException>(() => WatchEventParser.Parse("""{"type":"WHAT","object":{}}""", KubernetesResources.Pods));
    }

    [Fact]
    public void Paths_for_core_group_and_cluster_scope()
    {
        Assert.Equal("/api/v1/namespaces/ns/pods/p", KubernetesResources.Pods.Descriptor.ItemPath("ns", "p"));
        Assert.Equal("/api/v1/pods", KubernetesResources.Pods.Descriptor.CollectionPath(null));
        Assert.Equal("/apis/coordination.k8s.io/v1/namespaces/ns/leases", KubernetesResources.Leases.Descriptor.CollectionPath("ns"));
        Assert.Equal("/api/v1/namespaces/x", KubernetesResources.Namespaces.Descriptor.ItemPath(null, "x"));
        Assert.Throws<ArgumentException>(() => KubernetesResources.Pods.Descriptor.ItemPath(null, "p"));
    }

    [Fact]
    public void Clone_is_deep()
    {
        var original = new ConfigMap { Metadata = new ObjectMeta { Name = "a", Labels = new() { ["x"] = "1" } } };
        var copy = KubernetesResources.ConfigMaps.Clone(original);
        copy.Metadata.Labels!["x"] = "2";
        Assert.Equal("1", original.Metadata.Labels!["x"]);
    }
}
