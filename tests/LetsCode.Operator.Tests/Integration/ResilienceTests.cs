using System.Collections.Concurrent;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Watch;
using LetsCode.Operator.Resources;
using LetsCode.Operator.Tests.Support;

namespace LetsCode.Operator.Tests.Integration;

/// <summary>Quota, crashes, lost pods and a misbehaving API server: every Submission still finishes, once.</summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task With_an_empty_pool_and_the_quota_exhausted_submissions_wait_then_finish_when_capacity_returns()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        var quotas = env.Api.For(KubernetesResources.ResourceQuotas);
        await quotas.CreateAsync(new ResourceQuota
        {
            Metadata = new ObjectMeta { Name = "capacity", Namespace = OperatorEnvironment.Namespace },
            Spec = new ResourceQuotaSpec { Hard = new Dictionary<string, string> { ["pods"] = "0" } },
        });
        env.StartOperator();
        // min 0: the pool keeps nothing warm, so every submission needs a cold pod, which the quota refuses.
        await env.CreatePoolAsync(min: 0, max: 1);
        var names = new[] { "q-1", "q-2", "q-3" };
        foreach (var name in names)
        {
            await env.CreateSubmissionAsync(OperatorEnvironment.CorrectPython, name);
        }

        await OperatorEnvironment.WaitUntilAsync(async () =>
        {
            foreach (var name in names)
            {
                var s = await env.Submissions.GetAsync(OperatorEnvironment.Namespace, name);
                if (s.Status?.Conditions?.Any(c => c.Type == "Scheduled" && c.Reason == "QuotaExceeded") != true) return false;
            }

            return true;
        }, TimeSpan.FromSeconds(20), () => "submissions did not report QuotaExceeded");

        await Task.Delay(1500); // several quota retries: still waiting, not failed
        foreach (var name in names)
        {
            var s = await env.Submissions.GetAsync(OperatorEnvironment.Namespace, name);
            Assert.Equal(SubmissionPhase.Pending, s.Status?.Phase);
            Assert.Empty(env.Exec.ExecutedPods);
        }

        var quota = await quotas.GetAsync(OperatorEnvironment.Namespace, "capacity");
        quota.Spec!.Hard!["pods"] = "2";
        await quotas.ReplaceAsync(quota);

        foreach (var name in names)
        {
            var done = await env.WaitFinishedAsync(name, TimeSpan.FromSeconds(60));
            Assert.Equal("Accepted", done.Status!.Verdict);
        }
    }

    /// <summary>
    /// A crash, not a shutdown: the leader's process dies mid-run (its connection is cut, so it cannot release its
    /// Lease or write anything), and the standby may take over only when the Lease has expired. It then finishes
    /// every in-flight submission on a fresh pod, with exactly one verdict each.
    /// </summary>
    [Fact]
    public async Task Operator_killed_mid_run_keeps_its_lease_until_it_expires_then_the_standby_finishes_every_submission_once()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        using var history = await SubmissionHistory.StartAsync(env);
        using var connection = new KillSwitchHandler(env.Api.Configuration.CreateHandler());
        using var doomedApi = env.NewConnection(connection);
        var doomed = env.NewOperator(doomedApi);
        var standby = env.NewOperator();
        using var stopDoomed = new CancellationTokenSource();
        using var stopStandby = new CancellationTokenSource();
        var runDoomed = doomed.RunAsync(stopDoomed.Token);
        await OperatorEnvironment.WaitUntilAsync(() => Task.FromResult(doomed.IsLeader), TimeSpan.FromSeconds(20), () => "the first replica did not lead");
        var runStandby = standby.RunAsync(stopStandby.Token);

        // Every holder the Lease ever names (a raw watch of our own): a release would show up as an empty holder.
        var leases = env.Api.For(KubernetesResources.Leases);
        var holders = new LeaseHolders();
        using var stopWatching = new CancellationTokenSource();
        var watching = new ResilientWatcher<Lease>(leases, new ResilientWatchOptions { Namespace = OperatorEnvironment.Namespace, InitialBackoff = TimeSpan.FromMilliseconds(50) })
            .RunAsync(holders, stopWatching.Token);

        try
        {
            await env.CreatePoolAsync(min: 3, max: 6);
            await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 3, TimeSpan.FromSeconds(30), () => "no warm pods");
            var started = new ConcurrentDictionary<string, bool>();
            env.Exec.Started += context => started[context.Pod] = true;
            env.Exec.Hold();
            var names = new[] { "crash-1", "crash-2", "crash-3" };
            foreach (var name in names)
            {
                await env.CreateSubmissionAsync(OperatorEnvironment.CorrectPython, name);
            }

            await OperatorEnvironment.WaitUntilAsync(() => Task.FromResult(started.Count == 3), TimeSpan.FromSeconds(30), () => $"{started.Count} runs started");
            Assert.True(doomed.IsLeader && !standby.IsLeader, "the first replica runs them");
            var holder = (await leases.GetAsync(OperatorEnvironment.Namespace, "letscode-operator")).Spec!.HolderIdentity;
            Assert.False(string.IsNullOrEmpty(holder));

            // SIGKILL: the connection goes first, so nothing the dying process does on its way out reaches the server.
            var killedAt = DateTimeOffset.UtcNow;
            connection.Kill();
            await stopDoomed.CancelAsync();
            await runDoomed.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(connection.Refused > 0, "the dead replica tried nothing (not even to release its Lease)?");
            foreach (var name in names)
            {
                var s = await env.Submissions.GetAsync(OperatorEnvironment.Namespace, name);
                Assert.Equal(SubmissionPhase.Running, s.Status?.Phase); // left mid-run, no verdict
            }

            var interrupted = started.Keys.ToHashSet();
            env.Exec.Release();
            await OperatorEnvironment.WaitUntilAsync(() => Task.FromResult(standby.IsLeader), TimeSpan.FromSeconds(60), () => "the standby did not take over");
            var tookOverAfter = DateTimeOffset.UtcNow - killedAt;
            // The Lease (6 s; its holder gives up after 4 s without renewing) was not released, so it had to run out
            // first: at least 6 - 4 s after the crash even if the last renewal came as late as allowed, where a
            // released Lease is taken within one 0.5 s retry. A lower bound only: load delays, it never hastens.
            Assert.True(tookOverAfter >= TimeSpan.FromSeconds(2), $"took over {tookOverAfter.TotalSeconds:0.0}s after the crash: before the Lease expired");

            await AssertRetriedOnceOnFreshPodsAsync(env, history, names, interrupted, TimeSpan.FromSeconds(90));

            var seen = holders.Seen;
            Assert.Equal(holder, seen[0]);
            Assert.DoesNotContain("", seen); // never released, only taken over
            Assert.NotEqual(holder, (await leases.GetAsync(OperatorEnvironment.Namespace, "letscode-operator")).Spec!.HolderIdentity);
        }
        finally
        {
            await stopWatching.CancelAsync();
            await watching.ContinueWith(_ => { }, TaskScheduler.Default);
            await stopDoomed.CancelAsync();
            await stopStandby.CancelAsync();
            await Task.WhenAll(runDoomed, runStandby).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Operator_stopped_mid_run_releases_its_lease_and_on_restart_finishes_every_submission_exactly_once()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        using var history = await SubmissionHistory.StartAsync(env);
        env.StartOperator();
        await env.CreatePoolAsync(min: 3, max: 6);
        await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 3, TimeSpan.FromSeconds(20), () => "no warm pods");

        var started = new ConcurrentDictionary<string, bool>();
        env.Exec.Started += context => started[context.Pod] = true;
        env.Exec.Hold();
        var names = new[] { "k-1", "k-2", "k-3" };
        foreach (var name in names)
        {
            await env.CreateSubmissionAsync(OperatorEnvironment.CorrectPython, name);
        }

        await OperatorEnvironment.WaitUntilAsync(() => Task.FromResult(started.Count == 3), TimeSpan.FromSeconds(30), () => $"{started.Count} runs started");
        await env.StopOperatorAsync(); // mid-run, as SIGTERM: every exec is cut, the Lease is released
        foreach (var name in names)
        {
            var s = await env.Submissions.GetAsync(OperatorEnvironment.Namespace, name);
            Assert.Equal(SubmissionPhase.Running, s.Status?.Phase);
        }

        var interrupted = started.Keys.ToHashSet();
        env.Exec.Release();
        env.StartOperator();
        await AssertRetriedOnceOnFreshPodsAsync(env, history, names, interrupted, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_pod_deleted_mid_run_is_retried_on_a_fresh_pod_and_finishes()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        using var history = await SubmissionHistory.StartAsync(env);
        env.StartOperator();
        await env.CreatePoolAsync(min: 1, max: 4);
        await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 1, TimeSpan.FromSeconds(20), () => "no warm pod");

        var firstPod = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        env.Exec.Started += context => firstPod.TrySetResult(context.Pod);
        env.Exec.Hold();
        await env.CreateSubmissionAsync(OperatorEnvironment.CorrectPython, "lost-pod");
        var pod = await firstPod.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await env.Pods.DeleteAsync(OperatorEnvironment.Namespace, pod);
        await OperatorEnvironment.WaitUntilAsync(() => Task.FromResult(env.Exec.ExecutedPods.Count >= 2), TimeSpan.FromSeconds(30),
            () => "no second attempt started");
        env.Exec.Release();

        var done = await env.WaitFinishedAsync("lost-pod");
        Assert.Equal("Accepted", done.Status!.Verdict);
        Assert.Equal(2, done.Status.Attempts);
        Assert.NotEqual(pod, done.Status.PodName);
        Assert.Equal(1, env.Exec.CompletedRuns);
        history.AssertFinishedExactlyOnce("lost-pod");
    }

    [Fact]
    public async Task Dropped_watches_and_injected_429_and_500_answers_still_converge()
    {
        await using var env = await OperatorEnvironment.StartAsync(new LetsCode.Operator.Configuration.OperatorOptions { MaxAttempts = 5 });
        env.StartOperator();
        await env.CreatePoolAsync(min: 2, max: 5);
        await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 2, TimeSpan.FromSeconds(20), () => "no warm pods");

        using var chaos = new CancellationTokenSource();
        var faults = env.Simulator.Faults;
        faults.ErrorRate = 0.1;
        var chaosLoop = Task.Run(async () =>
        {
            var toggle = false;
            while (!chaos.IsCancellationRequested)
            {
                faults.ErrorStatusCode = (toggle = !toggle) ? 500 : 429;
                faults.DropWatches();
                await Task.Delay(700);
            }
        });

        var expected = new Dictionary<string, string>();
        for (var i = 0; i < 10; i++)
        {
            var correct = i % 2 == 0;
            var name = $"chaos-{i}";
            expected[name] = correct ? "Accepted" : "WrongAnswer";
            await Retry(() => env.CreateSubmissionAsync(correct ? OperatorEnvironment.CorrectPython : OperatorEnvironment.WrongPython, name));
        }

        try
        {
            foreach (var (name, verdict) in expected)
            {
                var done = await env.WaitFinishedAsync(name, TimeSpan.FromSeconds(120));
                Assert.True(verdict == done.Status!.Verdict, $"{name}: expected {verdict}, got {OperatorEnvironment.Describe(done)}");
            }
        }
        finally
        {
            await chaos.CancelAsync();
            await chaosLoop;
            faults.ErrorRate = 0;
        }

        // And the pool converges back to its target once the storm is over.
        await OperatorEnvironment.WaitUntilAsync(async () => (await env.PoolPodsAsync()).Count == 2 && (await env.IdleReadyPodsAsync()).Count == 2,
            TimeSpan.FromSeconds(30), () => "the pool did not return to 2 idle pods");
        Assert.Equal(env.Exec.ExecutedPods.Count, env.Exec.ExecutedPods.Distinct().Count());
    }

    /// <summary>The Lease's holder at every version the watch saw, in order ("" for none).</summary>
    private sealed class LeaseHolders : IWatchSink<Lease>
    {
        private readonly ConcurrentQueue<string> _holders = new();

        public List<string> Seen => [.. _holders];

        public void Replace(IReadOnlyList<Lease> items, string? resourceVersion)
        {
            foreach (var lease in items) Record(lease);
        }

        public void Apply(WatchEvent<Lease> watchEvent)
        {
            if (watchEvent.Type != WatchEventType.Deleted && watchEvent.Object is { } lease) Record(lease);
        }

        private void Record(Lease lease)
        {
            if (lease.Metadata.Name == "letscode-operator") _holders.Enqueue(lease.Spec?.HolderIdentity ?? "");
        }
    }

    /// <summary>
    /// Each interrupted submission was judged again, Accepted on its second attempt, on a pod other than the one
    /// its first attempt was cut on, and finished exactly once.
    /// </summary>
    private static async Task AssertRetriedOnceOnFreshPodsAsync(
        OperatorEnvironment env, SubmissionHistory history, IReadOnlyList<string> names, IReadOnlySet<string> interrupted, TimeSpan timeout)
    {
        foreach (var name in names)
        {
            var done = await env.WaitFinishedAsync(name, timeout);
            Assert.Equal("Accepted", done.Status!.Verdict);
            Assert.Equal(2, done.Status.Attempts);
            Assert.DoesNotContain(done.Status.PodName!, interrupted); // the retry ran on a fresh pod
        }

        await Task.Delay(1000); // anything that would write a second result has had time to do so
        Assert.Equal(names.Count, env.Exec.CompletedRuns);
        Assert.Equal(env.Exec.ExecutedPods.Count, env.Exec.ExecutedPods.Distinct().Count());
        foreach (var name in names)
        {
            history.AssertFinishedExactlyOnce(name);
        }
    }

    private static async Task<T> Retry<T>(Func<Task<T>> action)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await action();
            }
            catch (KubernetesApiException) when (i < 20)
            {
                await Task.Delay(100);
            }
        }
    }
}
