using LetsCode.Kubernetes.Controllers;
using LetsCode.Kubernetes.Tests.Support;
using LetsCode.Testing.Time;

namespace LetsCode.Kubernetes.Tests.Controllers;

public sealed class ControllerExpectationsTests
{
    [Fact]
    public void Unsatisfied_until_every_create_and_delete_is_observed()
    {
        var expectations = new ControllerExpectations<string>();
        Assert.True(expectations.IsSatisfied("pool"));

        expectations.ExpectCreations("pool", 3);
        expectations.ExpectDeletions("pool", 1);
        Assert.False(expectations.IsSatisfied("pool"));
        Assert.Equal((3, 1), expectations.Pending("pool"));

        expectations.CreationObserved("pool");
        expectations.CreationFailed("pool");
        expectations.DeletionObserved("pool");
        Assert.False(expectations.IsSatisfied("pool"));
        expectations.CreationObserved("pool");
        Assert.True(expectations.IsSatisfied("pool"));

        // Extra observations (pods created by someone else) do not make later expectations pass early.
        expectations.CreationObserved("pool");
        expectations.ExpectCreations("pool", 1);
        Assert.False(expectations.IsSatisfied("pool"));
        Assert.True(expectations.IsSatisfied("other"));
    }

    [Fact]
    public void Stale_expectations_expire()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var expectations = new ControllerExpectations<string>(clock, TimeSpan.FromMinutes(5));
        expectations.ExpectCreations("pool", 2);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(expectations.IsSatisfied("pool"));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(expectations.IsSatisfied("pool"));

        expectations.Delete("pool");
        Assert.Equal((0, 0), expectations.Pending("pool"));
    }
}
