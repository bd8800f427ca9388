using LetsCode.Redis.Connection;

namespace LetsCode.Redis.Tests.Connection;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Delays_stay_between_base_and_cap_grow_and_differ_between_clients()
    {
        var baseDelay = TimeSpan.FromMilliseconds(50);
        var cap = TimeSpan.FromSeconds(2);
        var a = new ReconnectBackoff(baseDelay, cap, new Random(1));
        var b = new ReconnectBackoff(baseDelay, cap, new Random(2));

        var delaysA = Enumerable.Range(0, 50).Select(_ => a.Next()).ToList();
        var delaysB = Enumerable.Range(0, 50).Select(_ => b.Next()).ToList();

        Assert.All(delaysA.Concat(delaysB), d => Assert.InRange(d, baseDelay, cap));
        Assert.True(delaysA.Skip(10).Average(d => d.TotalMilliseconds) > 300, "backoff should grow towards the cap");
        Assert.NotEqual(delaysA, delaysB);
    }

    [Fact]
    public void Reset_starts_again_from_the_base_delay()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(10), new Random(3));
        for (var i = 0; i < 30; i++)
        {
            backoff.Next();
        }

        backoff.Reset();
        Assert.InRange(backoff.Next(), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(30));
    }
}
