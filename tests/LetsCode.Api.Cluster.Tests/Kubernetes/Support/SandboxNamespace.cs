using System.Text;
using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Config;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Simulator;
using LetsCode.Kubernetes.Watch;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Tests.Kubernetes.Support;

/// <summary>
/// The simulated API server with our CRDs (crds/*.yaml, as a cluster would have them) and the sandbox namespace,
/// plus the API side under test: <see cref="SandboxInformers"/> running, and the two seams over them.
/// </summary>
public sealed class SandboxNamespace : IAsyncDisposable
{
    public const string Namespace = "letscode-sandbox";

    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> running = [];

    private SandboxNamespace(KubernetesSimulator simulator, KubernetesApiClient api)
    {
        Simulator = simulator;
        Api = api;
        Pools = api.For(LetsCodeResources.WarmPools);
        Submissions = api.For(LetsCodeResources.Submissions);
    }

    public KubernetesSimulator Simulator { get; }

    public KubernetesApiClient Api { get; }

    public IResourceClient<WarmPool> Pools { get; }

    public IResourceClient<Submission> Submissions { get; }

    public static async Task<SandboxNamespace> StartAsync(SimulatorOptions? options = null)
    {
        var simulator = await KubernetesSimulator.StartAsync(options ?? new SimulatorOptions { PodStartDelay = TimeSpan.FromMilliseconds(100) });
        try
        {
            await InstallCrdsAsync(simulator.BaseAddress);
            var api = Connect(simulator.BaseAddress);
            await api.For(KubernetesResources.Namespaces).CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = Namespace } });
            return new SandboxNamespace(simulator, api);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    public static KubernetesApiClient Connect(Uri server) =>
        new(new KubernetesClientConfiguration { Server = server, Namespace = Namespace },
            new KubernetesClientOptions { DefaultRetryAfter = TimeSpan.FromMilliseconds(100), MaxRetryAfter = TimeSpan.FromSeconds(1) });

    /// <summary>One API replica's view: its own informers (started here) and the two seams over them.</summary>
    public ApiReplica StartReplica(SubmissionResourceOptions? options = null)
    {
        var informers = new SandboxInformers(Pools, Submissions, Namespace, options ?? new SubmissionResourceOptions(),
            new ResilientWatchOptions { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromSeconds(1) });
        running.Add(informers.RunAsync(stop.Token));
        return new ApiReplica(informers, new KubernetesSandboxCapacity(informers), new KubernetesSubmissionResources(Submissions, informers));
    }

    public Task<WarmPool> CreatePoolAsync(string name, string language, int min, int max) =>
        Pools.CreateAsync(new WarmPool
        {
            Metadata = new ObjectMeta { Name = name, Namespace = Namespace },
            Spec = new WarmPoolSpec { Language = language, Image = $"ghcr.io/letscode/runner-{language}:test", MinReplicas = min, MaxReplicas = max },
        });

    /// <summary>Writes a pool's status as the operator would (status subresource, merge patch).</summary>
    public Task<WarmPool> SetPoolStatusAsync(string name, int replicas, int idle, int busy) =>
        Pools.PatchStatusAsync(Namespace, name, Patch.Merge(new System.Text.Json.Nodes.JsonObject
        {
            ["status"] = new System.Text.Json.Nodes.JsonObject { ["replicas"] = replicas, ["ready"] = idle + busy, ["idle"] = idle, ["busy"] = busy },
        }));

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: still {Describe(value)} after {timeout.TotalSeconds:0}s");
            }
            await Task.Delay(25);
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object?>()) + "]",
        _ => value?.ToString() ?? "null",
    };

    private static async Task InstallCrdsAsync(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server };
        foreach (var file in Directory.GetFiles(RepositoryPaths.Crds, "*.yaml"))
        {
            foreach (var document in YamlJson.ParseDocuments(await File.ReadAllTextAsync(file)))
            {
                if (document is null)
                {
                    continue;
                }
                using var content = new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", content);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"installing {file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
        await EventuallyAsync(async () =>
        {
            using var submissions = await http.GetAsync($"/apis/{LetsCodeResources.ApiVersion}/namespaces/{Namespace}/submissions");
            using var pools = await http.GetAsync($"/apis/{LetsCodeResources.ApiVersion}/namespaces/{Namespace}/warmpools");
            return submissions.IsSuccessStatusCode && pools.IsSuccessStatusCode;
        }, served => served, TimeSpan.FromSeconds(10), "CRDs served");
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        stop.Dispose();
        Api.Dispose();
        await Simulator.DisposeAsync();
    }
}

/// <summary>What one API replica holds: its informers and the seams the dispatcher and status sync use.</summary>
public sealed record ApiReplica(SandboxInformers Informers, KubernetesSandboxCapacity Capacity, KubernetesSubmissionResources Resources);
