using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Resources;
using SubmissionPhase = LetsCode.Operator.Resources.SubmissionPhase;

namespace LetsCode.Api.Cluster.Tests.Kubernetes;

/// <summary>The janitor's rule: unfinished custom runs older than every waiter's timeout plus the grace, nothing else.</summary>
public sealed class AbandonedTestRunsTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan AbandonedAfter = new TestRunOptions { TimeoutSeconds = 45, AbandonGraceSeconds = 30 }.AbandonedAfter;

    [Fact]
    public void The_bound_is_the_timeout_plus_the_grace()
    {
        Assert.Equal(TimeSpan.FromSeconds(75), AbandonedAfter);
        Assert.Equal(TimeSpan.FromSeconds(45), new TestRunOptions { AbandonGraceSeconds = -5 }.AbandonedAfter);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(SubmissionPhase.Pending)]
    [InlineData(SubmissionPhase.Running)]
    public void An_unfinished_run_past_the_bound_is_abandoned(string? phase)
    {
        var run = Run("run-old", age: AbandonedAfter + TimeSpan.FromSeconds(1), phase);

        Assert.Equal(["run-old"], AbandonedTestRuns.Find([run], Now, AbandonedAfter));
    }

    [Fact]
    public void A_run_someone_may_still_wait_for_is_kept()
    {
        var young = Run("run-young", age: TimeSpan.FromSeconds(10), SubmissionPhase.Running);
        var atTheBound = Run("run-at-the-bound", age: AbandonedAfter, SubmissionPhase.Pending);
        // The API server's clock ahead of this replica's: a negative age is young, not a wrap-around.
        var fromTheFuture = Run("run-future", age: TimeSpan.FromSeconds(-20), null);

        Assert.Empty(AbandonedTestRuns.Find([young, atTheBound, fromTheFuture], Now, AbandonedAfter));
    }

    [Theory]
    [InlineData(SubmissionPhase.Succeeded)]
    [InlineData(SubmissionPhase.Failed)]
    public void A_finished_run_is_left_to_the_operators_ttl(string phase)
    {
        Assert.Empty(AbandonedTestRuns.Find([Run("run-done", age: TimeSpan.FromHours(1), phase)], Now, AbandonedAfter));
    }

    [Fact]
    public void A_run_already_being_deleted_is_not_deleted_again()
    {
        var deleting = Run("run-deleting", age: TimeSpan.FromHours(1), SubmissionPhase.Running);
        deleting.Metadata.DeletionTimestamp = Now - TimeSpan.FromSeconds(3);

        Assert.Empty(AbandonedTestRuns.Find([deleting], Now, AbandonedAfter));
    }

    [Fact]
    public void A_run_without_a_creation_time_is_kept()
    {
        var unstamped = Run("run-unstamped", age: TimeSpan.FromHours(1), null);
        unstamped.Metadata.CreationTimestamp = null;

        Assert.Empty(AbandonedTestRuns.Find([unstamped], Now, AbandonedAfter));
    }

    [Fact]
    public void Judged_submissions_and_hand_made_resources_are_never_touched()
    {
        var judged = Resource(ResourceNames.For(Guid.NewGuid()), TimeSpan.FromHours(1), SubmissionPhase.Pending,
            SubmissionLabels.For("python3", (SubmissionLabels.SubmissionId, Guid.NewGuid().ToString("N"))));
        var byHand = Resource("by-hand", TimeSpan.FromHours(1), null, labels: null);

        Assert.Empty(AbandonedTestRuns.Find([judged, byHand], Now, AbandonedAfter));
    }

    [Fact]
    public void A_run_is_recognised_by_its_name_or_by_its_label()
    {
        var labelOnly = Resource("custom-name", AbandonedAfter * 2, null, SubmissionLabels.For("python3", (TestRunResourceMapper.TestRunLabel, "true")));
        var nameOnly = Resource("run-unlabelled", AbandonedAfter * 2, null, labels: null);

        Assert.Equal(["custom-name", "run-unlabelled"], AbandonedTestRuns.Find([nameOnly, labelOnly], Now, AbandonedAfter));
    }

    [Fact]
    public void Only_the_abandoned_ones_of_a_mixed_cache_are_named_in_order()
    {
        var observed = new[]
        {
            Run("run-c", AbandonedAfter * 3, SubmissionPhase.Running),
            Run("run-fresh", TimeSpan.FromSeconds(5), null),
            Run("run-a", AbandonedAfter * 2, null),
            Run("run-finished", AbandonedAfter * 2, SubmissionPhase.Succeeded),
            Resource(ResourceNames.For(Guid.NewGuid()), AbandonedAfter * 2, SubmissionPhase.Running, labels: null),
            Run("run-b", AbandonedAfter + TimeSpan.FromMilliseconds(1), SubmissionPhase.Pending),
        };

        Assert.Equal(["run-a", "run-b", "run-c"], AbandonedTestRuns.Find(observed, Now, AbandonedAfter));
        Assert.Empty(AbandonedTestRuns.Find([], Now, AbandonedAfter));
    }

    /// <summary>A custom run as the API creates it (name prefix and label), <paramref name="age"/> old at <see cref="Now"/>.</summary>
    private static Submission Run(string name, TimeSpan age, string? phase) =>
        Resource(name, age, phase, SubmissionLabels.For("python3", (TestRunResourceMapper.TestRunLabel, "true")));

    private static Submission Resource(string name, TimeSpan age, string? phase, Dictionary<string, string>? labels) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "sandbox", CreationTimestamp = Now - age, Labels = labels },
        Spec = new SubmissionSpec { Language = "python3", Source = "print(1)" },
        Status = phase is null ? null : new SubmissionStatus { Phase = phase },
    };
}
