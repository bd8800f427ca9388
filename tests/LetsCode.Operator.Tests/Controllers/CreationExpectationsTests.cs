using LetsCode.Kubernetes.Informers;
using LetsCode.Operator.Controllers;
using LetsCode.Testing.Time;

namespace LetsCode.Operator.Tests.Controllers;

public sealed class CreationExpectationsTests
{
    private static readonly ObjectKey Pool = new("ns", "python3");

    [Fact]
    public void Creates_block_until_each_is_observed()
    {
        var expectations = new CreationExpectations(new ManualTimeProvider(), TimeSpan.FromMinutes(5));
        Assert.True(expectations.Satisfied(Pool));
        expectations.ExpectCreations(Pool, 2);
        Assert.False(expectations.Satisfied(Pool));
        expectations.CreationObserved(Pool);
        Assert.False(expectations.Satisfied(Pool));
        expectations.CreationObserved(Pool);
        Assert.True(expectations.Satisfied(Pool));
    }

    [Fact]
    public void Observations_nobody_waits_for_do_not_count_ahead()
    {
        var expectations = new CreationExpectations(new ManualTimeProvider(), TimeSpan.FromMinutes(5));
        expectations.CreationObserved(Pool); // a pod that existed before we started
        expectations.ExpectCreations(Pool, 1);
        Assert.False(expectations.Satisfied(Pool));
    }

    [Fact]
    public void Deletions_block_until_observed()
    {
        var expectations = new CreationExpectations(new ManualTimeProvider(), TimeSpan.FromMinutes(5));
        expectations.ExpectDeletion(Pool, "a");
        Assert.False(expectations.Satisfied(Pool));
        expectations.DeletionObserved(Pool, "b");
        Assert.False(expectations.Satisfied(Pool));
        expectations.DeletionObserved(Pool, "a");
        Assert.True(expectations.Satisfied(Pool));
    }

    [Fact]
    public void A_lost_event_blocks_only_until_the_timeout()
    {
        var time = new ManualTimeProvider();
        var expectations = new CreationExpectations(time, TimeSpan.FromMinutes(5));
        expectations.ExpectCreations(Pool, 1);
        time.Now += TimeSpan.FromMinutes(4);
        Assert.False(expectations.Satisfied(Pool));
        time.Now += TimeSpan.FromMinutes(2);
        Assert.True(expectations.Satisfied(Pool));
    }
}
