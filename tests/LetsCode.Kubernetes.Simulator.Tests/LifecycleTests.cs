using System.Diagnostics;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Simulators start on free ports side by side and stop promptly even with open streams.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Dispose_is_prompt_with_an_open_watch_and_a_running_exec()
    {
        var handler = new ScriptedExecHandler();
        var simulator = await KubernetesSimulator.StartAsync(new SimulatorOptions { ExecHandler = handler, PodStartDelay = TimeSpan.Zero });
        using var api = new ApiClient(simulator.BaseAddress);
        await api.CreateAsync("/api/v1/namespaces/default/pods", Objects.Pod("p"));
        await Objects.Eventually(async () => (await api.GetObjectAsync("/api/v1/namespaces/default/pods/p"))["status"]!["phase"].Str() == "Running", "running");
        await using var watch = await WatchStream.OpenAsync(api.Http, "/api/v1/namespaces/default/pods?watch=true");
        await using var exec = await ExecClient.ConnectAsync(simulator.BaseAddress, "command=sleep&stdout=true");
        await Objects.Eventually(() => Task.FromResult(handler.Calls.Count == 1), "exec running");

        var stopwatch = Stopwatch.StartNew();
        await simulator.DisposeAsync();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"dispose took {stopwatch.Elapsed}");
        Assert.Equal(1, handler.Cancelled);
    }

    [Fact]
    public async Task Two_simulators_are_independent()
    {
        await using var a = await KubernetesSimulator.StartAsync();
        await using var b = await KubernetesSimulator.StartAsync();
        Assert.NotEqual(a.BaseAddress, b.BaseAddress);
        using var apiA = new ApiClient(a.BaseAddress);
        using var apiB = new ApiClient(b.BaseAddress);
        await apiA.CreateAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("only-in-a"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await apiB.GetAsync("/api/v1/namespaces/default/configmaps/only-in-a")).Code);
    }
}
