namespace LetsCode.Api.Cluster.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or the timeout passes (then fails with the description).</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string description)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0.#} s waiting for: {description}");
            }
            await Task.Delay(50);
        }
    }
}
