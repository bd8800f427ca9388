using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Api.Cluster.Tests.Kubernetes.Support;
using LetsCode.Judge.Model;
using LetsCode.Kubernetes.Simulator;

namespace LetsCode.Api.Cluster.Tests.Kubernetes;

/// <summary>
/// The seams with the real operator behind them: a Submission created through <see cref="KubernetesSubmissionResources"/>
/// is claimed by the operator (in-process) from its WarmPool, judged by the real runner exec'd into the simulated pod,
/// and its verdict observed through the seam's status feed; the WarmPool capacity the dispatcher reads is the
/// operator's.
/// </summary>
public sealed class OperatorEndToEndTests : IAsyncLifetime
{
    private const string Correct = "a, b = map(int, input().split())\nprint(a + b)\n";
    private const string Wrong = "a, b = map(int, input().split())\nprint(a - b)\n";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly InMemoryTestSuites suites = new();
    private SandboxNamespace cluster = null!;
    private RealRunnerExec exec = null!;
    private InProcessOperator? judge;

    public async Task InitializeAsync()
    {
        exec = new RealRunnerExec(RepositoryPaths.RequiredRunner);
        cluster = await SandboxNamespace.StartAsync(new SimulatorOptions { ExecHandler = exec, PodStartDelay = TimeSpan.FromMilliseconds(100) });
        judge = InProcessOperator.Start(cluster, suites);
    }

    public async Task DisposeAsync()
    {
        if (judge is not null)
        {
            await judge.DisposeAsync();
        }
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task Submissions_created_through_the_seam_are_judged_and_their_verdicts_observed()
    {
        var replica = cluster.StartReplica(new SubmissionResourceOptions { TtlSecondsAfterFinished = 1 });
        await cluster.CreatePoolAsync("python3", "python3", min: 1, max: 2);
        var sha256 = suites.Add("a-plus-b",
        [
            new TestCase { Name = "1", Input = "1 2\n", ExpectedOutput = "3\n" },
            new TestCase { Name = "2", Input = "5 0\n", ExpectedOutput = "5\n" },
        ]);

        // The operator's pool status reaches the dispatcher's capacity read: an idle Ready pod, room for one more.
        var capacity = await SandboxNamespace.EventuallyAsync(() => replica.Capacity.GetAsync("python3", default),
            c => c is { Idle: >= 1 }, Wait, "an idle pod in the capacity");
        Assert.Equal(2, capacity!.Slots);
        Assert.Equal(2, CapacityRule.Free(capacity, (await replica.Resources.ListActiveAsync("python3", default)).Count));

        using var cancel = new CancellationTokenSource(Wait);
        await using var feed = replica.Resources.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var accepted = Spec(Correct, sha256);
        var wrong = Spec(Wrong, sha256);
        Assert.Equal(CreateOutcome.Created, await replica.Resources.CreateAsync(accepted, default));
        Assert.Equal(CreateOutcome.Created, await replica.Resources.CreateAsync(wrong, default));
        Assert.Equal(CreateOutcome.AlreadyExisted, await replica.Resources.CreateAsync(accepted, default));

        var finished = new Dictionary<string, SubmissionResourceStatus>();
        while (finished.Count < 2 && await feed.MoveNextAsync())
        {
            if (feed.Current.IsFinished)
            {
                finished[feed.Current.Name] = feed.Current;
            }
        }

        var ok = finished[accepted.Name];
        Assert.Equal((Dispatch.SubmissionPhase.Succeeded, "Accepted", 2, 2), (ok.Phase, ok.Verdict, ok.Passed, ok.Total));
        Assert.Equal(["Accepted", "Accepted"], ok.Tests.Select(t => t.Verdict));
        Assert.Equal(accepted.SubmissionId, ok.SubmissionId);
        var bad = finished[wrong.Name];
        Assert.Equal(("WrongAnswer", 1), (bad.Verdict, bad.Passed));
        Assert.Equal(["WrongAnswer", "Accepted"], bad.Tests.Select(t => t.Verdict));
        Assert.Equal(2, exec.Runs);

        // Nothing left in flight, and the operator removes finished resources after their TTL.
        await SandboxNamespace.EventuallyAsync(() => replica.Resources.ListActiveAsync("python3", default), a => a.Count == 0, Wait, "active after the verdicts");
        await SandboxNamespace.EventuallyAsync(async () => (await cluster.Submissions.ListAsync(SandboxNamespace.Namespace)).Items.Count,
            n => n == 0, Wait, "Submissions left after their TTL");
    }

    [Fact]
    public async Task A_burst_dispatched_by_the_capacity_rule_never_exceeds_the_pool()
    {
        const int Max = 3;
        const int Burst = 15;
        var replica = cluster.StartReplica();
        await cluster.CreatePoolAsync("python3", "python3", min: 1, max: Max);
        var sha256 = suites.Add("a-plus-b", [new TestCase { Name = "1", Input = "2 2\n", ExpectedOutput = "4\n" }]);
        var queued = new Queue<SubmissionResourceSpec>(Enumerable.Range(0, Burst).Select(i => Spec(i % 3 == 0 ? Wrong : Correct, sha256)));
        var expected = queued.ToDictionary(s => s.Name, s => s.Source == Correct ? "Accepted" : "WrongAnswer");

        // The authoritative count, straight from the API server, sampled all along.
        using var done = new CancellationTokenSource();
        var most = 0;
        var monitor = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var unfinished = (await cluster.Submissions.ListAsync(SandboxNamespace.Namespace)).Items.Count(SubmissionResourceMapper.IsActive);
                most = Math.Max(most, unfinished);
                await Task.Delay(10);
            }
        });

        // What the dispatcher does each round: free slots from the seams (the tracker covers the informer's lag).
        var tracker = new InFlightTracker(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow + Wait;
        while (queued.Count > 0 && DateTime.UtcNow < deadline)
        {
            var capacity = await replica.Capacity.GetAsync("python3", default);
            var active = await replica.Resources.ListActiveAsync("python3", default);
            var free = CapacityRule.Free(capacity, tracker.Count(active, DateTimeOffset.UtcNow));
            for (; free > 0 && queued.TryDequeue(out var spec); free--)
            {
                Assert.Equal(CreateOutcome.Created, await replica.Resources.CreateAsync(spec, default));
                tracker.Created(spec.Name, DateTimeOffset.UtcNow);
            }
            await Task.Delay(20);
        }
        Assert.Empty(queued);

        using var cancel = new CancellationTokenSource(Wait);
        var verdicts = new Dictionary<string, string>();
        await foreach (var status in replica.Resources.WatchAsync(cancel.Token))
        {
            if (status.IsFinished)
            {
                verdicts[status.Name] = status.Verdict ?? "(none)";
                if (verdicts.Count == Burst)
                {
                    break;
                }
            }
        }
        await done.CancelAsync();
        await monitor;

        Assert.Equal(expected.OrderBy(e => e.Key), verdicts.OrderBy(e => e.Key));
        Assert.InRange(most, 1, Max);
        Assert.Equal(Burst, exec.Runs);
    }

    private static SubmissionResourceSpec Spec(string source, string sha256)
    {
        var id = Guid.NewGuid();
        return new SubmissionResourceSpec
        {
            Name = ResourceNames.For(id),
            SubmissionId = id,
            Language = "python3",
            Source = source,
            ProblemId = "a-plus-b",
            SuiteSha256 = sha256,
            Limits = new Limits { TimeMs = 2000, MemoryMiB = 128 },
        };
    }
}
