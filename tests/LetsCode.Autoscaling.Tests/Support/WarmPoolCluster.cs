using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LetsCode.Autoscaling.Scaling;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Config;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Simulator;

namespace LetsCode.Autoscaling.Tests.Support;

/// <summary>The API server simulator with the shipped crds/warmpool.yaml installed; each test uses its own namespace.</summary>
public sealed class WarmPoolCluster : IAsyncLifetime
{
    private KubernetesSimulator? _simulator;

    public KubernetesSimulator Simulator => _simulator ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _simulator = await KubernetesSimulator.StartAsync(new SimulatorOptions { PodStartDelay = TimeSpan.FromMilliseconds(20) });
        using var client = CreateClient();
        var crd = YamlToJson.Convert(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "crds", "warmpool.yaml")))!.AsObject();
        await client.For(RawResources.Definitions).CreateAsync(new RawObject
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new ObjectMeta { Name = "warmpools.letscode.dev" },
            Spec = crd["spec"]!.AsObject(),
        });
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                await client.For(AutoscalingResources.WarmPools).ListAsync("default");
                return;
            }
            catch (NotFoundException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    public KubernetesApiClient CreateClient()
    {
        var path = Path.Combine(Path.GetTempPath(), $"letscode-autoscaling-{Guid.NewGuid():N}.kubeconfig");
        Simulator.WriteKubeconfig(path);
        try
        {
            return new KubernetesApiClient(KubeconfigLoader.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static async Task<string> CreateNamespaceAsync(KubernetesApiClient client)
    {
        var name = $"t-{Guid.NewGuid():N}"[..14];
        await client.For(KubernetesResources.Namespaces).CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>Creates a WarmPool as a user would (the full kind, image included), through the CRD's validation.</summary>
    public static Task<RawObject> CreatePoolAsync(
        KubernetesApiClient client, string ns, string name, string language, int min, int max, int scaleDownDelaySeconds,
        int? replicas = null, Dictionary<string, string>? annotations = null)
    {
        var spec = new JsonObject
        {
            ["language"] = language,
            ["image"] = "ghcr.io/letscode/runner:test",
            ["minReplicas"] = min,
            ["maxReplicas"] = max,
            ["scaleDownDelaySeconds"] = scaleDownDelaySeconds,
        };
        if (replicas is { } r)
        {
            spec["replicas"] = r;
        }

        return client.For(RawResources.WarmPools).CreateAsync(new RawObject
        {
            ApiVersion = "letscode.dev/v1alpha1",
            Kind = "WarmPool",
            Metadata = new ObjectMeta { Namespace = ns, Name = name, Annotations = annotations },
            Spec = spec,
        });
    }
}

/// <summary>Any object with its spec as raw JSON: for creating kinds the library under test only projects.</summary>
public sealed class RawObject : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public ObjectMeta Metadata { get; set; } = new();
    public JsonObject? Spec { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RawObject))]
[JsonSerializable(typeof(KubernetesList<RawObject>))]
public sealed partial class RawJsonContext : JsonSerializerContext;

public static class RawResources
{
    public static ResourceType<RawObject> Definitions { get; } = new(
        new ResourceDescriptor("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", Namespaced: false),
        RawJsonContext.Default.RawObject, RawJsonContext.Default.KubernetesListRawObject);

    public static ResourceType<RawObject> WarmPools { get; } = new(
        AutoscalingResources.WarmPools.Descriptor, RawJsonContext.Default.RawObject, RawJsonContext.Default.KubernetesListRawObject);
}
