using LetsCode.Api.Live;
using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Cluster.Live;
using LetsCode.Api.Cluster.TestData;
using LetsCode.Api.Processing;
using LetsCode.Api.Storage.Entities;

namespace LetsCode.Api.Cluster.Tests;

public sealed class PureRulesTests
{
    [Theory]
    [InlineData(4, 0, 0, 0, 4)]
    [InlineData(1, 3, 0, 3, 1)]
    [InlineData(0, 4, 0, 4, 0)]
    [InlineData(0, 2, 3, 2, 3)]
    [InlineData(2, 0, 0, 5, 0)] // more unfinished than slots (a lagging pool status): nothing, never negative
    public void Free_slots_are_the_pool_slots_minus_unfinished_resources(int idle, int busy, int grow, int unfinished, int free) =>
        Assert.Equal(free, CapacityRule.Free(new SandboxCapacity(idle, busy, grow), unfinished));

    [Fact]
    public void A_language_without_a_pool_gets_nothing() => Assert.Equal(0, CapacityRule.Free(null, 0));

    [Fact]
    public void Own_creates_count_until_the_lagging_list_has_shown_and_dropped_them()
    {
        var tracker = new InFlightTracker(TimeSpan.FromSeconds(10));
        var t0 = DateTimeOffset.UnixEpoch;
        tracker.Created("sub-a", t0);
        tracker.Created("sub-b", t0);
        Assert.Equal(2, tracker.Count([], t0));                      // the cache has not seen them yet
        Assert.Equal(3, tracker.Count(["sub-a", "sub-x"], t0));      // a listed, b still lagging, x someone else's
        Assert.Equal(1, tracker.Count([], t0.AddSeconds(1)));        // a finished (listed, then gone); b still lagging
        Assert.Equal(0, tracker.Count([], t0.AddSeconds(11)));       // b never listed: given up after the lag
    }

    [Fact]
    public void Resource_names_are_derived_from_the_submission_id_and_valid_dns_labels()
    {
        var id = Guid.CreateVersion7();
        var name = ResourceNames.For(id);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", name);
        Assert.True(name.Length <= 63);
        Assert.Equal(name, ResourceNames.For(id));
        Assert.True(ResourceNames.TryParse(name, out var parsed));
        Assert.Equal(id, parsed);
        Assert.False(ResourceNames.TryParse("pod-123", out _));
    }

    [Fact]
    public void Sequence_filter_drops_repeats_and_late_arrivals_per_submission()
    {
        var filter = new SequenceFilter(capacity: 2);
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        Assert.True(filter.Accept(a, 1, false));
        Assert.True(filter.Accept(a, 2, false));
        Assert.False(filter.Accept(a, 2, false));
        Assert.False(filter.Accept(a, 1, false));
        Assert.True(filter.Accept(b, 7, false));
        Assert.True(filter.Accept(a, 3, true));
        Assert.Equal(1, filter.Tracked); // a forgotten after its final message
        filter.Accept(Guid.NewGuid(), 1, false);
        filter.Accept(Guid.NewGuid(), 1, false);
        Assert.Equal(2, filter.Tracked); // bounded
    }

    [Fact]
    public void Live_envelope_round_trips_a_status_update()
    {
        var data = new StatusUpdateData(Guid.NewGuid(), "Running", 2, 5, new Contracts.TestResultDocument { Index = 1, Name = "2", Verdict = "Accepted" }, null);
        var payload = "42\n" + LiveEnvelope.Serialize(LiveMessage.Status(data));
        Assert.True(LiveEnvelope.TryParse(payload, out var sequence, out var message));
        Assert.Equal(42, sequence);
        Assert.Equal(data with { TestResult = data.TestResult }, message!.Data as StatusUpdateData, new StatusComparer());
        Assert.False(LiveEnvelope.TryParse("no sequence", out _, out _));
        Assert.False(LiveEnvelope.TryParse("1\n{not json", out _, out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Suite_selection_matches_the_execution_planner(bool custom)
    {
        var problem = new ProblemEntity { Id = "p", Title = "P" };
        var tests = new List<ProblemTestEntity>
        {
            Test("b", 1, sample: false), Test("a", 1, sample: true), Test("c", 0, sample: false),
        };
        var plan = ExecutionPlanner.Plan(problem, tests, "python3", "print(1)", custom);
        var expected = TestSuiteManifest.From("p", plan.Request.Tests);
        var actual = custom ? SuiteSelection.Samples("p", tests) : SuiteSelection.Full("p", tests);
        Assert.Equal(expected.Sha256, actual.Sha256);
        Assert.Equal(custom ? ["a"] : ["c", "a", "b"], actual.Tests.Select(t => t.Name));
    }

    private static ProblemTestEntity Test(string name, int ordinal, bool sample) => new()
    {
        ProblemId = "p", Name = name, Ordinal = ordinal, IsSample = sample,
        InputHash = new string('a', 64), InputBytes = 1, OutputHash = new string('b', 64), OutputBytes = 2,
    };

    private sealed class StatusComparer : IEqualityComparer<StatusUpdateData?>
    {
        public bool Equals(StatusUpdateData? x, StatusUpdateData? y) =>
            x is not null && y is not null && x.SubmissionId == y.SubmissionId && x.Status == y.Status && x.CurrentTest == y.CurrentTest
            && x.TotalTests == y.TotalTests && x.TestResult == y.TestResult && x.Verdict == y.Verdict;

        public int GetHashCode(StatusUpdateData? obj) => obj?.SubmissionId.GetHashCode() ?? 0;
    }
}
