using LetsCode.Autoscaling.Signals;
using LetsCode.Kubernetes.Controllers;
using LetsCode.Kubernetes.Watch;
using LetsCode.Operator.Cli;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Hosting;
using LetsCode.Operator.Tests.Support;
using LetsCode.Redis;
using LetsCode.Testing.Redis;
using Microsoft.Extensions.Logging;

namespace LetsCode.Operator.Tests.Integration;

/// <summary>
/// The warm-pool autoscaler inside the operator: a real redis-server holds cluster mode's load signals, the simulator
/// the WarmPool (shipped CRD, scale subresource), and the leading operator both scales the pool and creates its pods.
/// </summary>
public sealed class AutoscalerWiringTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task The_leading_operator_raises_a_pools_replicas_once_arrivals_are_written_and_fills_the_pool()
    {
        await using var env = await OperatorEnvironment.StartAsync(new OperatorOptions { AutoscaleInterval = TimeSpan.FromMilliseconds(300) });
        await using var client = await RedisClient.ConnectAsync(redis.ConnectionString);
        await client.ExecuteAsync("FLUSHDB"); // the tests of this class run one after another on one server
        await env.CreatePoolAsync(min: 1, max: 5);
        var log = new StringWriter();
        using var loggers = new ConsoleLoggerFactory(TextWriter.Synchronized(log), LogLevel.Information);
        var host = new OperatorHost(env.Api, env.Options, Settings("autoscaling-0", client), loggers);
        Assert.True(host.AutoscalerEnabled);
        using var stop = new CancellationTokenSource();
        var run = host.RunAsync(stop.Token);
        try
        {
            // No load yet: the pool sits at minReplicas and the autoscaler, having passed over it, writes nothing.
            await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 1, TimeSpan.FromSeconds(15),
                () => $"the pool's first pod never became ready; log:\n{log}");
            await OperatorEnvironment.WaitUntilAsync(() => Task.FromResult(log.ToString().Contains("Autoscaling WarmPools", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(5), () => $"the autoscaler did not start while leading; log:\n{log}");
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Null((await env.Pools.GetAsync(OperatorEnvironment.Namespace, "python3")).Spec.Replicas);

            // Half an hour at 1 submission/s: with the default 10 s pod start-up that needs far more than max idle pods.
            await WriteArrivalsAsync(client);

            await OperatorEnvironment.WaitUntilAsync(
                async () => (await env.Pools.GetAsync(OperatorEnvironment.Namespace, "python3")).Spec.Replicas == 5, TimeSpan.FromSeconds(10),
                () => $"spec.replicas was not raised to maxReplicas; log:\n{log}");
            await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 5, TimeSpan.FromSeconds(15),
                () => $"the WarmPool controller did not follow the new target; log:\n{log}");
            Assert.Contains("idle target 1 -> 5", log.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_replica_that_does_not_lead_scales_nothing_until_it_takes_over()
    {
        await using var env = await OperatorEnvironment.StartAsync(new OperatorOptions { AutoscaleInterval = TimeSpan.FromMilliseconds(300) });
        await using var client = await RedisClient.ConnectAsync(redis.ConnectionString);
        await client.ExecuteAsync("FLUSHDB"); // the tests of this class run one after another on one server
        await env.CreatePoolAsync(name: "standby", min: 1, max: 4);
        var log = new StringWriter();
        using var loggers = new ConsoleLoggerFactory(TextWriter.Synchronized(log), LogLevel.Information);
        var leader = env.NewOperator();
        using var stopLeader = new CancellationTokenSource();
        var leading = leader.RunAsync(stopLeader.Token);
        await OperatorEnvironment.WaitUntilAsync(() => Task.FromResult(leader.IsLeader && leader.IsSynced), TimeSpan.FromSeconds(10), () => "no leader");

        var standby = new OperatorHost(env.Api, env.Options, Settings("standby-0", client), loggers);
        using var stopStandby = new CancellationTokenSource();
        var waiting = standby.RunAsync(stopStandby.Token);
        try
        {
            await WriteArrivalsAsync(client);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(standby.IsLeader);
            Assert.Null((await env.Pools.GetAsync(OperatorEnvironment.Namespace, "standby")).Spec.Replicas);

            // The leader (without Redis) steps down: the standby takes the Lease and its autoscaler starts.
            await stopLeader.CancelAsync();
            await leading.WaitAsync(TimeSpan.FromSeconds(30));
            await OperatorEnvironment.WaitUntilAsync(
                async () => (await env.Pools.GetAsync(OperatorEnvironment.Namespace, "standby")).Spec.Replicas == 4, TimeSpan.FromSeconds(15),
                () => $"the new leader did not scale the pool; log:\n{log}");
        }
        finally
        {
            await stopStandby.CancelAsync();
            await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Without_redis_the_autoscaler_is_off_and_the_log_says_so()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        var log = new StringWriter();
        using var loggers = new ConsoleLoggerFactory(TextWriter.Synchronized(log), LogLevel.Information);
        var host = new OperatorHost(env.Api, env.Options, new OperatorHostSettings(), loggers);
        Assert.False(host.AutoscalerEnabled);
        using var stop = new CancellationTokenSource();
        var run = host.RunAsync(stop.Token);
        await OperatorEnvironment.WaitUntilAsync(() => Task.FromResult(log.ToString().Contains("Reconciling WarmPools", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), () => $"the controllers did not start; log:\n{log}");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("Warm-pool autoscaler off: no Redis connection", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Autoscaling WarmPools", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_refuses_a_malformed_redis_connection_string_without_printing_it()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"letscode-operator-{Guid.NewGuid():N}.kubeconfig");
        env.Simulator.WriteKubeconfig(kubeconfig);
        try
        {
            var stderr = new StringWriter();
            var code = await OperatorCli.RunAsync(
                ["run", "--kubeconfig", kubeconfig, "--leader-elect=false", "--redis=127.0.0.1:6379,password=hunter2,colour=blue"],
                TextWriter.Null, stderr).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(1, code);
            Assert.Contains("colour", stderr.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", stderr.ToString(), StringComparison.Ordinal);

            stderr = new StringWriter();
            code = await OperatorCli.RunAsync(["run", "--kubeconfig", kubeconfig, "--autoscale-interval-seconds=0"], TextWriter.Null, stderr)
                .WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(1, code);
            Assert.Contains("--autoscale-interval-seconds", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    /// <summary>An operator replica with leader election on the shared Lease (as env.NewOperator) and the given Redis.</summary>
    private static OperatorHostSettings Settings(string identity, IRedisClient redisClient) => new()
    {
        Identity = identity,
        Redis = redisClient,
        LeaderElection = new LeaderElectionOptions
        {
            LeaseNamespace = OperatorEnvironment.Namespace,
            LeaseName = "letscode-operator",
            Identity = identity,
            LeaseDuration = TimeSpan.FromSeconds(6),
            RenewDeadline = TimeSpan.FromSeconds(4),
            RetryPeriod = TimeSpan.FromMilliseconds(500),
        },
        WatchOptions = new ResilientWatchOptions { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromSeconds(1) },
    };

    /// <summary>Half an hour of python3 arrivals at 1/s (and the next minute, should the clock turn meanwhile).</summary>
    private static async Task WriteArrivalsAsync(IRedisClient client)
    {
        var keys = new LoadSignalKeys();
        var minute = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
        for (var m = minute - 30; m <= minute + 1; m++)
        {
            await client.SetAsync(keys.Arrivals("python3", m), "60");
        }
    }
}
