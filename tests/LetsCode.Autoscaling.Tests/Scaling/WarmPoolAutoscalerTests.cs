using System.Diagnostics.Metrics;
using LetsCode.Autoscaling.Diagnostics;
using LetsCode.Autoscaling.Planning;
using LetsCode.Autoscaling.Scaling;
using LetsCode.Autoscaling.Signals;
using LetsCode.Autoscaling.Tests.Support;
using LetsCode.Kubernetes.Client;
using LetsCode.Redis;
using LetsCode.Testing.Redis;
using LetsCode.Testing.Time;

namespace LetsCode.Autoscaling.Tests.Scaling;

/// <summary>The scaler against the API server simulator (shipped WarmPool CRD) and a real redis-server.</summary>
public sealed class WarmPoolAutoscalerTests(WarmPoolCluster cluster, RedisServerFixture redis)
    : IClassFixture<WarmPoolCluster>, IClassFixture<RedisServerFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);

    private static string NewLanguage() => $"lang-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task A_burst_raises_the_idle_target_through_the_scale_subresource_and_it_comes_down_after_the_delay()
    {
        using var api = cluster.CreateClient();
        await using var client = await RedisClient.ConnectAsync(redis.ConnectionString);
        var ns = await WarmPoolCluster.CreateNamespaceAsync(api);
        var language = NewLanguage();
        await WarmPoolCluster.CreatePoolAsync(api, ns, "pool", language, min: 1, max: 60, scaleDownDelaySeconds: 120);
        await WarmPoolCluster.CreatePoolAsync(api, ns, "slow-start", language, min: 1, max: 60, scaleDownDelaySeconds: 120,
            annotations: new() { [AutoscalerOptions.StartupSecondsAnnotation] = "6" });
        var keys = new LoadSignalKeys();
        var clock = new ManualTimeProvider(T0.AddSeconds(30));
        var minute = T0.ToUnixTimeSeconds() / 60;

        // Half an hour at 1/s, and 30 arrivals in the first 30 s of the current minute.
        for (var m = minute - 30; m < minute; m++)
        {
            await client.SetAsync(keys.Arrivals(language, m), "60");
        }

        await client.SetAsync(keys.Arrivals(language, minute), "30");
        using var metrics = new AutoscalerMetrics();
        var scaler = WarmPoolAutoscaler.Create(api, client, new AutoscalerOptions
        {
            Namespace = ns,
            PodStartupTime = TimeSpan.FromSeconds(2),
            Policy = new CapacityPolicy { ScaleDownInterval = TimeSpan.FromSeconds(30) },
        }, metrics, clock);
        var pools = api.For(AutoscalingResources.WarmPools);

        // 1/s with pods Ready 2 s after creation: 1.2 * 2 + 2 * sqrt(2) = 5.2 -> 6 idle.
        var decisions = await scaler.ScaleOnceAsync();
        var first = decisions.Single(d => d.Pool == "pool");
        Assert.Equal((1, 6, true), (first.Current, first.Target, first.Written));

        // Same language, pods Ready only after 6 s (the pool's annotation): 1.2 * 6 + 2 * sqrt(6) = 12.1 -> 13.
        Assert.Equal(13, decisions.Single(d => d.Pool == "slow-start").Target);
        await api.For(AutoscalingResources.WarmPools).DeleteAsync(ns, "slow-start");
        var pool = await pools.GetAsync(ns, "pool");
        Assert.Equal(6, pool.Spec!.Replicas);
        Assert.Equal("ghcr.io/letscode/runner:test", pool.Spec.AdditionalProperties!["image"].GetString()); // only replicas changed

        // Same load again: nothing is written.
        clock.Advance(TimeSpan.FromSeconds(15));
        await client.SetAsync(keys.Arrivals(language, minute), "45");
        Assert.False(Assert.Single(await scaler.ScaleOnceAsync()).Written);
        Assert.Equal(pool.Metadata.ResourceVersion, (await pools.GetAsync(ns, "pool")).Metadata.ResourceVersion);

        // The contest starts with the next minute: 20 s in, 1,000 arrivals (50/s). The next pass goes to max.
        clock.Advance(TimeSpan.FromSeconds(35)); // T0 + 80 s
        await client.SetAsync(keys.Arrivals(language, minute), "60");
        await client.SetAsync(keys.Arrivals(language, minute + 1), "1000");
        var burst = Assert.Single(await scaler.ScaleOnceAsync());
        Assert.Equal((6, 60, true), (burst.Current, burst.Target, burst.Written));
        Assert.Equal(50, burst.Forecast.ArrivalsPerSecond, 6);
        Assert.Equal(60, (await pools.GetAsync(ns, "pool")).Spec!.Replicas);

        // The burst lasts 5 minutes, then 1/s again. Passes every 30 s write the 1/s history as it happens.
        var targets = new List<(TimeSpan At, int Target)>();
        for (var pass = 0; pass < 60; pass++)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            var now = clock.GetUtcNow();
            var current = now.ToUnixTimeSeconds() / 60;
            for (var m = minute + 1; m <= current; m++)
            {
                var perSecond = m <= minute + 5 ? 50 : 1;
                var seconds = m < current ? 60 : now.Second;
                await client.SetAsync(keys.Arrivals(language, m), (perSecond * seconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var decision = Assert.Single(await scaler.ScaleOnceAsync());
            Assert.Equal(decision.Target, (await pools.GetAsync(ns, "pool")).Spec!.Replicas);
            targets.Add((now - T0, decision.Target));
        }

        var burstEnd = TimeSpan.FromMinutes(6); // the last burst minute (minute + 5) ends at T0 + 6 min
        Assert.All(targets.Where(t => t.At < burstEnd + TimeSpan.FromSeconds(120)), t => Assert.Equal(60, t.Target));
        var down = targets.Select(t => t.Target).ToList();
        Assert.True(down.Zip(down.Skip(1)).All(p => p.Second <= p.First), "after the burst the target only falls");
        Assert.All(down.Zip(down.Skip(1)).Where(p => p.Second < p.First), p => Assert.True(p.First - p.Second <= Math.Ceiling(p.First * 0.25)));
        Assert.Equal(6, down[^1]);
        Assert.Equal(6, (await pools.GetAsync(ns, "pool")).Spec!.Replicas);
    }

    [Fact]
    public async Task The_loop_scales_enabled_pools_through_injected_api_errors_leaves_opted_out_pools_alone_and_reports_metrics()
    {
        using var api = cluster.CreateClient();
        await using var client = await RedisClient.ConnectAsync(redis.ConnectionString);
        var ns = await WarmPoolCluster.CreateNamespaceAsync(api);
        var language = NewLanguage();
        await WarmPoolCluster.CreatePoolAsync(api, ns, "auto", language, min: 1, max: 40, scaleDownDelaySeconds: 300);
        await WarmPoolCluster.CreatePoolAsync(api, ns, "manual", language, min: 1, max: 40, scaleDownDelaySeconds: 300, replicas: 3,
            annotations: new() { [AutoscalerOptions.EnabledAnnotation] = "false" });
        await WarmPoolCluster.CreatePoolAsync(api, ns, "broken", "other-" + language[..8], min: 2, max: 40, scaleDownDelaySeconds: 300);
        var keys = new LoadSignalKeys();
        await client.SetAsync(keys.Arrivals("other-" + language[..8], (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60) - 1), "not a number");

        // 10/s for the last five minutes of real time (and this minute).
        var minute = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
        for (var m = minute - 5; m <= minute + 1; m++)
        {
            await client.SetAsync(keys.Arrivals(language, m), "600");
        }

        using var metrics = new AutoscalerMetrics();
        var observed = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AutoscalerMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Observe(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Observe(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Observe(instrument, value, tags));
        listener.Start();

        cluster.Simulator.Faults.ErrorRate = 0.3;
        var scaler = WarmPoolAutoscaler.Create(api, client, new AutoscalerOptions
        {
            Namespace = ns,
            Interval = TimeSpan.FromMilliseconds(50),
            PodStartupTime = TimeSpan.FromSeconds(1),
        }, metrics);
        using var stop = new CancellationTokenSource();
        var running = scaler.RunAsync(stop.Token);
        try
        {
            var pools = api.For(AutoscalingResources.WarmPools);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            int? replicas = null;
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    replicas = (await pools.GetAsync(ns, "auto")).Spec!.Replicas;
                }
                catch (KubernetesApiException)
                {
                    // an injected fault on the test's own read
                }

                if (replicas > 5)
                {
                    break;
                }

                await Task.Delay(50);
            }

            // 10/s (or more while the current minute runs ahead), 1 s start-up: at least 1.2 * 10 + 2 * sqrt(10) = 18.3.
            Assert.InRange(replicas ?? 0, 19, 40);
        }
        finally
        {
            cluster.Simulator.Faults.ErrorRate = 0;
        }

        await Task.Delay(300);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        listener.RecordObservableInstruments(); // the gauges keep the last pass's decisions

        var all = api.For(AutoscalingResources.WarmPools);
        Assert.Equal(3, (await all.GetAsync(ns, "manual")).Spec!.Replicas);
        Assert.Null((await all.GetAsync(ns, "broken")).Spec!.Replicas); // a malformed signal: left as it is, counted
        var autoReplicas = (await all.GetAsync(ns, "auto")).Spec!.Replicas;
        lock (observed)
        {
            Assert.Equal(autoReplicas, (int)observed[$"letscode.autoscaler.desired_replicas/{ns}/auto"]);
            Assert.True(observed[$"letscode.autoscaler.forecast_arrivals/{ns}/auto"] >= 10);
            Assert.False(observed.ContainsKey($"letscode.autoscaler.desired_replicas/{ns}/manual"));
            Assert.True(observed["letscode.autoscaler.scale_writes"] >= 1);
            Assert.True(observed["letscode.autoscaler.errors"] >= 1);
        }

        void Observe<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            where T : struct
        {
            var asDouble = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            string? pool = null, space = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "pool") pool = tag.Value as string;
                if (tag.Key == "namespace") space = tag.Value as string;
            }

            lock (observed)
            {
                if (instrument is ObservableGauge<int> or ObservableGauge<double> or ObservableGauge<long>)
                {
                    observed[$"{instrument.Name}/{space}/{pool}"] = asDouble;
                }
                else
                {
                    observed[instrument.Name] = observed.GetValueOrDefault(instrument.Name) + asDouble;
                }
            }
        }
    }
}
