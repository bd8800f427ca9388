using LetsCode.Operator.Rendering;
using Xunit.Abstractions;
using LetsCode.Operator.Resources;
using LetsCode.Operator.Tests.Support;

namespace LetsCode.Operator.Tests.Integration;

/// <summary>The operator against the simulated API server, with the real runner judging inside "pods".</summary>
public sealed class WarmPoolAndSubmissionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Pool_of_two_warms_up_a_submission_claims_one_gets_its_verdict_and_the_pool_refills()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        env.StartOperator();
        await env.CreatePoolAsync(min: 2, max: 5);

        await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 2, TimeSpan.FromSeconds(20),
            () => "the pool did not bring up 2 idle pods");
        var warm = (await env.IdleReadyPodsAsync()).Select(p => p.Metadata.Name!).ToHashSet();
        Assert.Equal(2, (await env.PoolPodsAsync()).Count);

        await env.CreateSubmissionAsync(OperatorEnvironment.CorrectPython, "accepted");
        var accepted = await env.WaitFinishedAsync("accepted");
        Assert.Equal(SubmissionPhase.Succeeded, accepted.Status!.Phase);
        Assert.Equal("Accepted", accepted.Status.Verdict);
        Assert.Equal(2, accepted.Status.Passed);
        Assert.Equal(1, accepted.Status.Attempts);
        Assert.Contains(accepted.Status.PodName!, warm); // a warm pod was claimed, not a cold one

        await env.CreateSubmissionAsync(OperatorEnvironment.WrongPython, "wrong");
        var wrong = await env.WaitFinishedAsync("wrong");
        Assert.Equal("WrongAnswer", wrong.Status!.Verdict);
        Assert.Equal(SubmissionPhase.Succeeded, wrong.Status.Phase);

        // One pod, one submission: both used pods are gone and the pool is back to 2 fresh idle pods.
        await OperatorEnvironment.WaitUntilAsync(async () =>
        {
            var pods = await env.PoolPodsAsync();
            return pods.Count == 2 && pods.All(p => p.Metadata.Name != accepted.Status.PodName && p.Metadata.Name != wrong.Status.PodName)
                && (await env.IdleReadyPodsAsync()).Count == 2;
        }, TimeSpan.FromSeconds(20), () => "the pool did not refill to 2 idle pods");
        Assert.Equal(env.Exec.ExecutedPods.Count, env.Exec.ExecutedPods.Distinct().Count());

        var pool = await env.Pools.GetAsync(OperatorEnvironment.Namespace, "python3");
        await OperatorEnvironment.WaitUntilAsync(async () =>
        {
            pool = await env.Pools.GetAsync(OperatorEnvironment.Namespace, "python3");
            return pool.Status?.Idle == 2;
        }, TimeSpan.FromSeconds(10), () => $"pool status idle={pool.Status?.Idle}");
        Assert.Equal(2, pool.Status!.Desired);
        Assert.Equal(SandboxLabels.PoolSelector("python3"), pool.Status.Selector);
        Assert.Contains(pool.Status.Conditions!, c => c.Type == "Ready" && c.Status == "True");

        // The deny-all NetworkPolicy is in place.
        var policy = await env.Api.For(LetsCode.Kubernetes.Models.KubernetesResources.NetworkPolicies)
            .GetAsync(OperatorEnvironment.Namespace, NamespaceObjectsRenderer.NetworkPolicyName);
        Assert.Equal(["Ingress", "Egress"], policy.Spec!.PolicyTypes!);
    }

    [Fact]
    public async Task Fifty_submissions_at_once_all_finish_with_the_right_verdicts()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        env.StartOperator();
        await env.CreatePoolAsync(min: 2, max: 6);
        await OperatorEnvironment.WaitUntilAsync(async () => (await env.IdleReadyPodsAsync()).Count == 2, TimeSpan.FromSeconds(20), () => "no warm pods");

        var expected = new Dictionary<string, string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var correct = i % 3 != 0;
            var name = $"bulk-{i}";
            lock (expected) expected[name] = correct ? "Accepted" : "WrongAnswer";
            await env.CreateSubmissionAsync(correct ? OperatorEnvironment.CorrectPython : OperatorEnvironment.WrongPython, name);
        }));

        foreach (var (name, verdict) in expected)
        {
            var done = await env.WaitFinishedAsync(name, TimeSpan.FromSeconds(180));
            Assert.True(verdict == done.Status!.Verdict, $"{name}: expected {verdict}, got {OperatorEnvironment.Describe(done)}");
        }

        // A measurement for docs/benchmarks.md, not an assertion.
        output.WriteLine($"50 submissions judged in {clock.Elapsed.TotalSeconds:0.0} s ({50 / clock.Elapsed.TotalSeconds:0.00}/s), " +
            $"{env.Exec.ExecutedPods.Count} execs on {env.Exec.ExecutedPods.Distinct().Count()} pods");

        // Every pod served at most one submission.
        Assert.Equal(env.Exec.ExecutedPods.Count, env.Exec.ExecutedPods.Distinct().Count());
        await OperatorEnvironment.WaitUntilAsync(async () =>
            (await env.Pods.ListAsync(OperatorEnvironment.Namespace, new() { LabelSelector = $"{SandboxLabels.State}={SandboxLabels.Claimed}" }))
                .Items.All(p => p.Metadata.DeletionTimestamp is not null),
            TimeSpan.FromSeconds(20), () => "claimed pods were left behind");
    }

    [Fact]
    public async Task A_submission_with_testsRef_is_judged_against_the_suite_fetched_by_hash()
    {
        using var suites = new TestSuiteServer();
        var sha = suites.Add("a-plus-b", """[{"name":"big","input":"40 2\n","expectedOutput":"42\n"}]""");
        await using var env = await OperatorEnvironment.StartAsync(new LetsCode.Operator.Configuration.OperatorOptions { TestSuiteEndpoint = suites.BaseAddress });
        env.StartOperator();
        await env.CreatePoolAsync(min: 1, max: 2);
        await env.Submissions.CreateAsync(new Submission
        {
            Metadata = new() { Name = "by-ref", Namespace = OperatorEnvironment.Namespace },
            Spec = new SubmissionSpec
            {
                Language = "python3",
                Source = OperatorEnvironment.CorrectPython,
                TestsRef = new TestsReference { ProblemId = "a-plus-b", Sha256 = sha },
            },
        });
        var done = await env.WaitFinishedAsync("by-ref");
        Assert.Equal("Accepted", done.Status!.Verdict);
        Assert.Equal("big", Assert.Single(done.Status.Tests!).Name);

        await env.Submissions.CreateAsync(new Submission
        {
            Metadata = new() { Name = "bad-ref", Namespace = OperatorEnvironment.Namespace },
            Spec = new SubmissionSpec
            {
                Language = "python3",
                Source = OperatorEnvironment.CorrectPython,
                TestsRef = new TestsReference { ProblemId = "a-plus-b", Sha256 = new string('0', 64) },
            },
        });
        var failed = await env.WaitFinishedAsync("bad-ref");
        Assert.Equal((SubmissionPhase.Failed, "InternalError"), (failed.Status!.Phase, failed.Status.Verdict));
        Assert.Contains("not found", failed.Status.Message);
    }
}
