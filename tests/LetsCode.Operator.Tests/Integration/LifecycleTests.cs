using System.Collections.Concurrent;
using System.Text;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Watch;
using LetsCode.Operator.Controllers;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Resources;
using LetsCode.Operator.Tests.Support;

namespace LetsCode.Operator.Tests.Integration;

public sealed class LifecycleTests
{
    [Fact]
    public async Task The_scale_subresource_drives_the_pool_without_over_creating_on_a_slow_server()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        using var created = new PodCreations(env);
        env.Simulator.Faults.Latency = TimeSpan.FromMilliseconds(40); // widens the gap between a create and its watch event
        env.StartOperator();
        await env.CreatePoolAsync(min: 1, max: 8, scaleDownDelaySeconds: 0);
        await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 1, TimeSpan.FromSeconds(20), () => "no warm pod");

        await ScaleAsync(env, 6);
        await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 6, TimeSpan.FromSeconds(30), () => "did not scale up to 6");
        await Task.Delay(1000);
        Assert.Equal(6, created.Count); // exactly what was asked for, never more

        var pool = await env.Pools.GetAsync(OperatorEnvironment.Namespace, "python3");
        Assert.Equal(6, pool.Spec.Replicas);

        await ScaleAsync(env, 2);
        await OperatorEnvironment.WaitUntilAsync(async () => (await env.PoolPodsAsync()).Count == 2, TimeSpan.FromSeconds(30), () => "did not scale down to 2");
        await OperatorEnvironment.WaitUntilAsync(async () =>
        {
            pool = await env.Pools.GetAsync(OperatorEnvironment.Namespace, "python3");
            return pool.Status is { Replicas: 2, Idle: 2, Desired: 2 };
        }, TimeSpan.FromSeconds(10), () => $"status replicas={pool.Status?.Replicas} idle={pool.Status?.Idle}");
        Assert.Equal(6, created.Count);

        // What an HPA or KEDA reads back: the scale subresource's status counts the idle pods that spec.replicas
        // asks for, not the busy ones. With one pod busy judging and the pool refilled, it reads 2, not 3.
        var scales = env.Api.ScaleFor(LetsCodeResources.WarmPools.Descriptor);
        env.Exec.Hold();
        await env.CreateSubmissionAsync(OperatorEnvironment.CorrectPython, "busy");
        Scale? scale = null;
        await OperatorEnvironment.WaitUntilAsync(async () =>
        {
            pool = await env.Pools.GetAsync(OperatorEnvironment.Namespace, "python3");
            scale = await scales.GetScaleAsync(OperatorEnvironment.Namespace, "python3");
            return pool.Status is { Replicas: 3, Busy: 1, IdleReplicas: 2 } && scale.Status?.Replicas == 2;
        }, TimeSpan.FromSeconds(30), () => $"status replicas={pool.Status?.Replicas} busy={pool.Status?.Busy} idleReplicas={pool.Status?.IdleReplicas}, scale status={scale?.Status?.Replicas}");
        Assert.Equal(2, scale!.Spec?.Replicas);
        Assert.Equal(SandboxLabels.PoolSelector("python3"), scale.Status!.Selector);
        env.Exec.Release();
        Assert.Equal("Accepted", (await env.WaitFinishedAsync("busy")).Status!.Verdict);
    }

    [Fact]
    public async Task Finished_submissions_are_deleted_after_their_ttl_and_deleting_a_waiting_one_leaves_no_pod()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        env.StartOperator();
        await env.CreatePoolAsync(min: 1, max: 2);
        await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 1, TimeSpan.FromSeconds(20), () => "no warm pod");

        var submission = await env.Submissions.CreateAsync(new Submission
        {
            Metadata = new ObjectMeta { Name = "short-lived", Namespace = OperatorEnvironment.Namespace },
            Spec = new SubmissionSpec
            {
                Language = "python3",
                Source = OperatorEnvironment.CorrectPython,
                Tests = [new LetsCode.Judge.Model.TestCase { Name = "1", Input = "2 2\n", ExpectedOutput = "4\n" }],
                TtlSecondsAfterFinished = 1,
            },
        });
        var done = await env.WaitFinishedAsync(submission.Metadata.Name!);
        Assert.Equal("Accepted", done.Status!.Verdict);
        Assert.Contains(SubmissionReconciler.Finalizer, done.Metadata.Finalizers!);
        await OperatorEnvironment.WaitUntilAsync(async () => await env.Submissions.TryGetAsync(OperatorEnvironment.Namespace, "short-lived") is null,
            TimeSpan.FromSeconds(15), () => "not deleted after its TTL");

        // A submission whose run is held, deleted: the finalizer removes its pod, then lets it go.
        env.Exec.Hold();
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        env.Exec.Started += context => started.TrySetResult(context.Pod);
        var doomed = await env.CreateSubmissionAsync(name: "doomed");
        var pod = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await env.Submissions.DeleteAsync(OperatorEnvironment.Namespace, "doomed");
        env.Exec.Release();
        await OperatorEnvironment.WaitUntilAsync(async () => await env.Submissions.TryGetAsync(OperatorEnvironment.Namespace, "doomed") is null,
            TimeSpan.FromSeconds(30), () => "the finalizer did not let the submission go");
        var left = (await env.Pods.ListAsync(OperatorEnvironment.Namespace, new() { LabelSelector = $"{SandboxLabels.Submission}={doomed.Metadata.Uid}" }))
            .Items.Where(p => p.Metadata.DeletionTimestamp is null);
        Assert.Empty(left);
        Assert.False(await env.Pods.TryGetAsync(OperatorEnvironment.Namespace, pod) is { Metadata.DeletionTimestamp: null }, $"pod {pod} survived");
    }

    [Fact]
    public async Task Pods_that_never_become_Ready_are_replaced()
    {
        await using var env = await OperatorEnvironment.StartAsync(new LetsCode.Operator.Configuration.OperatorOptions { PodReadyTimeout = TimeSpan.FromSeconds(2) });
        using var created = new PodCreations(env);
        env.Simulator.Kubelet.Unschedulable = true;
        env.StartOperator();
        await env.CreatePoolAsync(min: 2, max: 4);
        await OperatorEnvironment.WaitUntilAsync(() => Task.FromResult(created.Count >= 4), TimeSpan.FromSeconds(20),
            () => $"stuck pods were not replaced ({created.Count} created)");
        Assert.Empty(await env.IdleReadyPodsAsync());
        Assert.True((await env.PoolPodsAsync()).Count <= 2, "replacements never exceed the target");

        env.Simulator.Kubelet.Unschedulable = false;
        await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 2, TimeSpan.FromSeconds(20),
            () => "the pool did not recover once pods could be scheduled");
    }

    private static async Task ScaleAsync(OperatorEnvironment env, int replicas)
    {
        using var http = new HttpClient { BaseAddress = env.Simulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Patch,
            $"/apis/{LetsCodeResources.Group}/{LetsCodeResources.Version}/namespaces/{OperatorEnvironment.Namespace}/warmpools/python3/scale")
        {
            Content = new StringContent("{\"spec\":{\"replicas\":" + replicas.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}", Encoding.UTF8, "application/merge-patch+json"),
        };
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Counts distinct pods ever created in the namespace (a raw watch, independent of the operator).</summary>
    private sealed class PodCreations : IWatchSink<Pod>, IDisposable
    {
        private readonly ConcurrentDictionary<string, bool> _uids = new();
        private readonly CancellationTokenSource _stop = new();

        public PodCreations(OperatorEnvironment env)
        {
            var watcher = new ResilientWatcher<Pod>(env.Pods, new ResilientWatchOptions { Namespace = OperatorEnvironment.Namespace });
            _ = watcher.RunAsync(this, _stop.Token);
        }

        public int Count => _uids.Count;

        public void Replace(IReadOnlyList<Pod> items, string? resourceVersion)
        {
            foreach (var item in items) _uids.TryAdd(item.Metadata.Uid!, true);
        }

        public void Apply(WatchEvent<Pod> watchEvent)
        {
            if (watchEvent.Object?.Metadata.Uid is { } uid) _uids.TryAdd(uid, true);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
