using System.Globalization;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Controllers;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Resources;
using LetsCode.Operator.Tests.Support;
using LetsCode.Testing.Time;

namespace LetsCode.Operator.Tests.Integration;

/// <summary>
/// Fail closed: no sandbox pod, warm or cold, exists before the deny-all NetworkPolicy does. The simulator refuses
/// the policy's create as RBAC would (a role without networkpolicies/create) until the test allows it.
/// </summary>
public sealed class NamespaceGuardTests
{
    [Fact]
    public async Task A_cold_pod_is_created_only_after_the_deny_all_policy_and_not_at_all_while_the_policy_is_refused()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        env.Simulator.Faults.Deny("create", "networkpolicies");
        env.StartOperator();
        // min 0: the pool keeps nothing warm, so the submission needs a cold pod, the path that must ask the guard too.
        await env.CreatePoolAsync(min: 0, max: 2);
        await env.CreateSubmissionAsync(OperatorEnvironment.CorrectPython, "cold");

        Submission? waiting = null;
        await OperatorEnvironment.WaitUntilAsync(async () =>
        {
            waiting = await env.Submissions.GetAsync(OperatorEnvironment.Namespace, "cold");
            return Scheduled(waiting)?.Reason == NamespaceGuard.FailedReason;
        }, TimeSpan.FromSeconds(20), () => $"the submission did not report the guard: {OperatorEnvironment.Describe(waiting)}");
        Assert.Equal(SubmissionPhase.Pending, waiting!.Status!.Phase);
        Assert.Contains("NetworkPolicy", Scheduled(waiting)!.Message, StringComparison.Ordinal);
        Assert.Contains("forbidden", Scheduled(waiting)!.Message, StringComparison.Ordinal);

        // The pool says the same, and both carry a Warning event.
        await OperatorEnvironment.WaitUntilAsync(async () =>
        {
            var pool = await env.Pools.GetAsync(OperatorEnvironment.Namespace, "python3");
            return pool.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "False" && c.Reason == NamespaceGuard.FailedReason) == true;
        }, TimeSpan.FromSeconds(20), () => "the pool did not report the guard");
        var events = env.Api.For(KubernetesResources.Events);
        await OperatorEnvironment.WaitUntilAsync(async () =>
        {
            var warnings = (await events.ListAsync(OperatorEnvironment.Namespace)).Items
                .Where(e => e.Reason == NamespaceGuard.FailedReason && e.Type == "Warning").Select(e => e.InvolvedObject?.Kind).ToHashSet();
            return warnings.Contains("Submission") && warnings.Contains("WarmPool");
        }, TimeSpan.FromSeconds(20), () => "no NamespaceGuardFailed events for the submission and the pool");

        await Task.Delay(1500); // several retries with backoff: still no pod of any kind
        Assert.Empty((await env.Pods.ListAsync(OperatorEnvironment.Namespace)).Items);
        Assert.Empty(env.Exec.ExecutedPods);

        // From here on every pod is recorded as it is created (the watch starts where the empty list ended).
        var empty = await env.Pods.ListAsync(OperatorEnvironment.Namespace);
        using var stop = new CancellationTokenSource();
        var firstPod = FirstCreatedAsync(env.Pods, empty.Metadata.ResourceVersion!, stop.Token);
        env.Simulator.Faults.Allow("create", "networkpolicies");

        var done = await env.WaitFinishedAsync("cold", TimeSpan.FromSeconds(60));
        Assert.Equal("Accepted", done.Status!.Verdict);
        var pod = await firstPod.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        Assert.Equal(SandboxPodRenderer.ColdPodName(done, 1), pod.Metadata.Name);
        var policy = await env.Api.For(KubernetesResources.NetworkPolicies).GetAsync(OperatorEnvironment.Namespace, NamespaceObjectsRenderer.NetworkPolicyName);
        // One resourceVersion sequence for every kind: the policy was stored before the pod was.
        Assert.True(Version(policy) < Version(pod), $"policy at {Version(policy)}, cold pod created at {Version(pod)}");
    }

    /// <summary>
    /// Asking costs nothing while the objects were seen in place within the interval: with every read of the policy
    /// refused, the guard still says yes until the interval has passed, then checks, and says no.
    /// </summary>
    [Fact]
    public async Task Once_ensured_the_guard_answers_from_memory_for_its_interval_then_checks_again()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        var clock = new ManualTimeProvider();
        var guard = new NamespaceGuard(env.Api.For(KubernetesResources.NetworkPolicies), env.Api.For(KubernetesResources.ResourceQuotas),
            env.Api.For(KubernetesResources.LimitRanges), env.Options, clock) { Interval = TimeSpan.FromSeconds(30) };

        Assert.Null(await guard.TryEnsureAsync(OperatorEnvironment.Namespace, CancellationToken.None));
        await env.Api.For(KubernetesResources.NetworkPolicies).GetAsync(OperatorEnvironment.Namespace, NamespaceObjectsRenderer.NetworkPolicyName);

        env.Simulator.Faults.Deny("get", "networkpolicies");
        clock.Advance(TimeSpan.FromSeconds(29));
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => guard.TryEnsureAsync(OperatorEnvironment.Namespace, CancellationToken.None)));
        Assert.All(concurrent, Assert.Null);

        clock.Advance(TimeSpan.FromSeconds(2));
        var refused = await guard.TryEnsureAsync(OperatorEnvironment.Namespace, CancellationToken.None);
        Assert.NotNull(refused);
        Assert.Contains("cannot get resource \"networkpolicies\"", refused, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NamespaceGuardException>(() => guard.EnsureAsync(OperatorEnvironment.Namespace, CancellationToken.None));

        env.Simulator.Faults.Allow("get", "networkpolicies");
        Assert.Null(await guard.TryEnsureAsync(OperatorEnvironment.Namespace, CancellationToken.None));
    }

    private static ResourceCondition? Scheduled(Submission? submission) =>
        submission?.Status?.Conditions?.FirstOrDefault(c => c.Type == "Scheduled");

    private static long Version(IKubernetesObject value) => long.Parse(value.Metadata.ResourceVersion!, CultureInfo.InvariantCulture);

    /// <summary>The first pod created after <paramref name="resourceVersion"/>, as its ADDED event shows it (its version at creation).</summary>
    private static async Task<Pod> FirstCreatedAsync(IResourceClient<Pod> pods, string resourceVersion, CancellationToken cancellationToken)
    {
        await foreach (var change in pods.WatchAsync(OperatorEnvironment.Namespace, new WatchOptions { ResourceVersion = resourceVersion }, cancellationToken))
        {
            if (change.Type == WatchEventType.Added && change.Object is { } pod)
            {
                return pod;
            }
        }

        throw new InvalidOperationException("the watch ended before any pod was created");
    }
}
