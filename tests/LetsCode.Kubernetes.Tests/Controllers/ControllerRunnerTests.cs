using System.Collections.Concurrent;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Controllers;
using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Tests.Support;
using LetsCode.Kubernetes.Watch;

namespace LetsCode.Kubernetes.Tests.Controllers;

public sealed class ControllerRunnerTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    /// <summary>Copies data["want"] into a label (idempotently), fails the first attempts of "flaky", requeues "ticking".</summary>
    private sealed class LabelReconciler(IResourceClient<ConfigMap> configMaps, Informer<ConfigMap> informer) : IReconciler
    {
        private readonly ConcurrentDictionary<ObjectKey, int> _active = new();

        public ConcurrentDictionary<string, int> Calls { get; } = new();
        public ConcurrentQueue<DateTime> Ticks { get; } = new();
        public bool Overlapped { get; private set; }

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            if (_active.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
            {
                Overlapped = true;
            }

            try
            {
                var calls = Calls.AddOrUpdate(key.Name, 1, (_, n) => n + 1);
                await Task.Delay(5, cancellationToken);
                if (key.Name == "flaky" && calls < 4)
                {
                    throw new InvalidOperationException("transient");
                }

                if (key.Name == "ticking")
                {
                    Ticks.Enqueue(DateTime.UtcNow);
                    return ReconcileResult.After(TimeSpan.FromMilliseconds(200));
                }

                var cached = informer.Cache.Get(key);
                if (cached is null)
                {
                    return ReconcileResult.Done;
                }

                var want = cached.Data?.GetValueOrDefault("want");
                if (want is not null && cached.Metadata.Labels?.GetValueOrDefault("have") != want)
                {
                    await configMaps.PatchAsync(key.Namespace, key.Name, new MergePatchBuilder().SetLabel("have", want).Build(), cancellationToken);
                }

                return ReconcileResult.Done;
            }
            finally
            {
                _active.AddOrUpdate(key, 0, (_, n) => n - 1);
            }
        }
    }

    [Fact]
    public async Task Reconciles_every_object_retries_failures_and_requeues_after()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var configMaps = client.For(KubernetesResources.ConfigMaps);
        for (var i = 0; i < 20; i++)
        {
            await configMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Namespace = ns, Name = $"cm-{i}" }, Data = new() { ["want"] = $"v{i}" } });
        }

        await configMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Namespace = ns, Name = "flaky" } });
        await configMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Namespace = ns, Name = "ticking" } });

        var informer = new Informer<ConfigMap>(configMaps, new ResilientWatchOptions { Namespace = ns });
        var reconciler = new LabelReconciler(configMaps, informer);
        var controller = new ControllerRunner("labels", reconciler, new ControllerOptions { Workers = 4, BackoffBase = TimeSpan.FromMilliseconds(10) })
            .Watches(informer);
        using var stop = new CancellationTokenSource();
        var informing = informer.RunAsync(stop.Token);
        var running = controller.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => Enumerable.Range(0, 20).All(i => informer.Cache.Get(ns, $"cm-{i}")?.Metadata.Labels?.GetValueOrDefault("have") == $"v{i}"),
            "every object reconciled");
        await Eventually.TrueAsync(() => reconciler.Calls.GetValueOrDefault("flaky") >= 4, "flaky retried until it succeeded");
        await Eventually.TrueAsync(() => reconciler.Ticks.Count >= 4, "ticking requeued after 200 ms, repeatedly");

        // A change is seen and reconciled (level-triggered through the informer).
        await configMaps.PatchAsync(ns, "cm-3", new MergePatchBuilder().Set(["data", "want"], "new").Build());
        await Eventually.TrueAsync(() => informer.Cache.Get(ns, "cm-3")?.Metadata.Labels?.GetValueOrDefault("have") == "new", "change reconciled");

        var ticks = reconciler.Ticks.ToArray();
        for (var i = 1; i < ticks.Length; i++)
        {
            Assert.True(ticks[i] - ticks[i - 1] >= TimeSpan.FromMilliseconds(150), $"requeue-after honoured ({ticks[i] - ticks[i - 1]})");
        }

        Assert.Equal(4, reconciler.Calls["flaky"]);
        Assert.False(reconciler.Overlapped);

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
        await informing.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
