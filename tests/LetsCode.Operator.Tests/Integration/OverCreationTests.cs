using LetsCode.Kubernetes.Controllers;
using LetsCode.Kubernetes.Events;
using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Watch;
using LetsCode.Operator.Controllers;
using LetsCode.Operator.Diagnostics;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Resources;
using LetsCode.Operator.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsCode.Operator.Tests.Integration;

/// <summary>
/// The agent-sandbox over-creation bug: a pool reconcile (woken by its own status write) counts pods before its
/// creates have reached the pod cache, and creates again. Here pod watch events arrive 4 s late.
/// </summary>
public sealed class OverCreationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_pool_whose_pod_cache_lags_creates_exactly_its_target_only_with_expectations(bool useExpectations)
    {
        await using var env = await OperatorEnvironment.StartAsync();
        var time = TimeProvider.System;
        var podsClient = env.Pods;
        var poolInformer = new Informer<WarmPool>(env.Pools, new ResilientWatchOptions { Namespace = OperatorEnvironment.Namespace });
        var podInformer = new Informer<Pod>(new LaggingWatchClient<Pod>(podsClient, TimeSpan.FromSeconds(4)),
            new ResilientWatchOptions { Namespace = OperatorEnvironment.Namespace, LabelSelector = SandboxLabels.ManagedSelector });
        // Without expectations: a tracker that has already given up on everything (timeout zero).
        var expectations = new CreationExpectations(time, useExpectations ? TimeSpan.FromMinutes(5) : TimeSpan.Zero);
        podInformer.AddHandler(new ExpectationsObserver(expectations));
        var options = env.Options;
        var reconciler = new WarmPoolReconciler(env.Pools, podsClient, poolInformer.Cache, podInformer.Cache, expectations,
            new SandboxPodRenderer(options.Pod),
            new NamespaceGuard(env.Api.For(KubernetesResources.NetworkPolicies), env.Api.For(KubernetesResources.ResourceQuotas),
                env.Api.For(KubernetesResources.LimitRanges), options, time),
            new EventRecorder(env.Api.For(KubernetesResources.Events), "test"), new OperatorMetrics(), options, time,
            NullLogger.Instance);
        var controller = new ControllerRunner("warmpool", reconciler).Watches(poolInformer)
            .Watches(podInformer, pod => PodStates.Label(pod, SandboxLabels.Pool) is { } pool ? [new ObjectKey(pod.Metadata.Namespace!, pool)] : []);

        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(poolInformer.RunAsync(stop.Token), podInformer.RunAsync(stop.Token), controller.RunAsync(stop.Token));
        try
        {
            await env.CreatePoolAsync(min: 3, max: 10);
            await Task.Delay(TimeSpan.FromSeconds(8));
            var pods = await env.PoolPodsAsync();
            if (useExpectations)
            {
                Assert.Equal(3, pods.Count);
            }
            else
            {
                // The control: proves this test can see the bug it guards against.
                Assert.True(pods.Count > 3, $"expected over-creation without expectations, got {pods.Count} pods");
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
