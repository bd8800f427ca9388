using System.Net;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>The simulated scheduler and kubelet: Pending, Running and Ready, Unschedulable, deadlines.</summary>
public sealed class KubeletTests
{
    private const string Pods = "/api/v1/namespaces/default/pods";

    private static JsonObject? Condition(JsonObject pod, string type) =>
        pod["status"]!["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => c["type"].Str() == type);

    [Fact]
    public async Task Pods_go_from_Pending_to_Running_and_Ready_after_the_start_delay()
    {
        await using var simulator = await KubernetesSimulator.StartAsync(new SimulatorOptions { PodStartDelay = TimeSpan.FromMilliseconds(400) });
        using var api = new ApiClient(simulator.BaseAddress);
        var version = simulator.ResourceVersion;
        await using var watch = await WatchStream.OpenAsync(api.Http, $"{Pods}?watch=true&resourceVersion={version}");
        var started = DateTime.UtcNow;
        await api.CreateAsync(Pods, Objects.Pod("p"));

        JsonObject pod;
        do pod = (await watch.NextChangeAsync()).Object;
        while (pod["status"]!["phase"].Str() != "Running");
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(350), "started before the delay");
        Assert.Equal("True", Condition(pod, "Ready")!["status"].Str());
        Assert.Equal("True", Condition(pod, "PodScheduled")!["status"].Str());
        Assert.Equal("letscode-simulated-node", pod["spec"]!["nodeName"].Str());
        var container = pod["status"]!["containerStatuses"]![0]!;
        Assert.Equal("main", container["name"].Str());
        Assert.True((bool)container["ready"]!);
        Assert.NotNull(container["state"]!["running"]!["startedAt"]);
        Assert.NotNull(pod["status"]!["podIP"]);
        Assert.Equal(1, pod.Generation());
    }

    [Fact]
    public async Task Unschedulable_pods_stay_Pending_until_capacity_returns()
    {
        await using var simulator = await KubernetesSimulator.StartAsync(new SimulatorOptions { PodStartDelay = TimeSpan.FromMilliseconds(50) });
        using var api = new ApiClient(simulator.BaseAddress);
        simulator.Kubelet.Unschedulable = true;
        await api.CreateAsync(Pods, Objects.Pod("p"));

        await Objects.Eventually(async () =>
            Condition(await api.GetObjectAsync($"{Pods}/p"), "PodScheduled")?["reason"].Str() == "Unschedulable", "unschedulable condition");
        await Task.Delay(300);
        var pending = await api.GetObjectAsync($"{Pods}/p");
        Assert.Equal("Pending", pending["status"]!["phase"].Str());
        Assert.Equal("False", Condition(pending, "PodScheduled")!["status"].Str());
        Assert.Null(pending["spec"]!["nodeName"]);

        simulator.Kubelet.Unschedulable = false;
        await Objects.Eventually(async () => (await api.GetObjectAsync($"{Pods}/p"))["status"]!["phase"].Str() == "Running", "running");
    }

    [Fact]
    public async Task ActiveDeadlineSeconds_fails_the_pod_with_DeadlineExceeded()
    {
        await using var simulator = await KubernetesSimulator.StartAsync(new SimulatorOptions { PodStartDelay = TimeSpan.Zero });
        using var api = new ApiClient(simulator.BaseAddress);
        await api.CreateAsync(Pods, Objects.Pod("p", p => p["spec"]!["activeDeadlineSeconds"] = 1));

        await Objects.Eventually(async () => (await api.GetObjectAsync($"{Pods}/p"))["status"]!["phase"].Str() == "Failed", "deadline", seconds: 5);
        var pod = await api.GetObjectAsync($"{Pods}/p");
        Assert.Equal("DeadlineExceeded", pod["status"]!["reason"].Str());
        Assert.NotNull(pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]);
    }

    [Fact]
    public async Task Deleted_pods_disappear_and_the_delay_can_change_at_run_time()
    {
        await using var simulator = await KubernetesSimulator.StartAsync(new SimulatorOptions { PodStartDelay = TimeSpan.FromHours(1) });
        using var api = new ApiClient(simulator.BaseAddress);
        await api.CreateAsync(Pods, Objects.Pod("p"));
        await Task.Delay(200);
        Assert.Equal("Pending", (await api.GetObjectAsync($"{Pods}/p"))["status"]!["phase"].Str());

        simulator.Kubelet.PodStartDelay = TimeSpan.FromMilliseconds(10);
        await Objects.Eventually(async () => (await api.GetObjectAsync($"{Pods}/p"))["status"]!["phase"].Str() == "Running", "running");

        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"{Pods}/p")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"{Pods}/p")).Code);
    }

    [Fact]
    public async Task With_a_termination_delay_deleted_pods_stay_Terminating_first()
    {
        await using var simulator = await KubernetesSimulator.StartAsync(new SimulatorOptions { PodStartDelay = TimeSpan.Zero });
        using var api = new ApiClient(simulator.BaseAddress);
        simulator.Kubelet.PodTerminationDelay = TimeSpan.FromMilliseconds(500);
        await api.CreateAsync(Pods, Objects.Pod("p"));
        await Objects.Eventually(async () => (await api.GetObjectAsync($"{Pods}/p"))["status"]!["phase"].Str() == "Running", "running");

        var deleting = await api.DeleteAsync($"{Pods}/p");
        Assert.Equal(30, (int)deleting.Object["metadata"]!["deletionGracePeriodSeconds"]!);
        var terminating = await api.GetObjectAsync($"{Pods}/p");
        Assert.NotNull(terminating["metadata"]!["deletionTimestamp"]);
        await Objects.Eventually(async () => (await api.GetAsync($"{Pods}/p")).Code == HttpStatusCode.NotFound, "pod gone", seconds: 5);

        // Grace period zero (kubectl delete --force --grace-period=0) removes at once; so do unscheduled pods.
        await api.CreateAsync(Pods, Objects.Pod("q"));
        await Objects.Eventually(async () => (await api.GetObjectAsync($"{Pods}/q"))["status"]!["phase"].Str() == "Running", "running");
        await api.DeleteAsync($"{Pods}/q", new JsonObject { ["gracePeriodSeconds"] = 0 });
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"{Pods}/q")).Code);
    }
}
