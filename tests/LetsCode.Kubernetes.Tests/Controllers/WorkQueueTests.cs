using LetsCode.Kubernetes.Controllers;

namespace LetsCode.Kubernetes.Tests.Controllers;

public sealed class WorkQueueTests
{
    private static async Task<string> TakeAsync(WorkQueue<string> queue, int timeoutMs = 5000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        var (key, shutDown) = await queue.GetAsync(timeout.Token);
        Assert.False(shutDown);
        return key;
    }

    [Fact]
    public async Task Adds_before_processing_are_deduplicated()
    {
        using var queue = new WorkQueue<string>("t");
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        queue.Add("a");

        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await TakeAsync(queue));
        Assert.Equal("b", await TakeAsync(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_processing_waits_for_done_then_comes_back()
    {
        using var queue = new WorkQueue<string>("t");
        queue.Add("a");
        var first = await TakeAsync(queue);

        queue.Add("a");
        queue.Add("a");
        Assert.Equal(0, queue.Count);
        using (var shortWait = new CancellationTokenSource(100))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.GetAsync(shortWait.Token));
        }

        queue.Done(first);
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await TakeAsync(queue));
    }

    [Fact]
    public async Task Many_workers_never_process_one_key_at_once()
    {
        using var queue = new WorkQueue<string>("t");
        var active = new Dictionary<string, int>();
        var processed = 0;
        var overlap = false;
        var gate = new Lock();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (key, shutDown) = await queue.GetAsync();
                if (shutDown)
                {
                    return;
                }

                lock (gate)
                {
                    active[key] = active.GetValueOrDefault(key) + 1;
                    overlap |= active[key] > 1;
                }

                await Task.Delay(1);
                lock (gate)
                {
                    active[key]--;
                    processed++;
                }

                queue.Done(key);
            }
        })).ToArray();

        for (var i = 0; i < 2000; i++)
        {
            queue.Add($"k{i % 5}");
            if (i % 50 == 0)
            {
                await Task.Delay(1);
            }
        }

        await Support.Eventually.TrueAsync(() => queue.Count == 0 && active.Values.All(v => v == 0), "queue drained");
        await Task.Delay(50);
        queue.ShutDown();
        await Task.WhenAll(workers);

        Assert.False(overlap);
        Assert.InRange(processed, 5, 2000);
    }

    [Fact]
    public async Task Add_after_delays_and_the_earliest_request_wins()
    {
        using var queue = new WorkQueue<string>("t");
        var started = DateTime.UtcNow;
        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        queue.AddAfter("a", TimeSpan.FromMilliseconds(150));
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        Assert.Equal(0, queue.Count);

        Assert.Equal("a", await TakeAsync(queue, 9000));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(140), TimeSpan.FromSeconds(9.5));
    }

    [Fact]
    public async Task Rate_limited_adds_back_off_until_forgotten()
    {
        using var queue = new WorkQueue<string>("t", new ItemExponentialBackoff<string>(TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1)));
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");
        Assert.Equal(2, queue.NumRequeues("a"));
        Assert.Equal("a", await TakeAsync(queue));
        queue.Done("a");
        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
    }

    [Fact]
    public async Task Shut_down_releases_waiting_workers_and_ignores_adds()
    {
        using var queue = new WorkQueue<string>("t");
        var waiting = queue.GetAsync();
        queue.ShutDown();
        var (_, shutDown) = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(shutDown);
        queue.Add("x");
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Backoff_doubles_from_5ms_and_caps_at_1000s()
    {
        var backoff = new ItemExponentialBackoff<string>();
        var delays = Enumerable.Range(0, 25).Select(_ => backoff.When("k")).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(5), delays[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(10), delays[1]);
        Assert.Equal(TimeSpan.FromMilliseconds(5 * 1024), delays[10]);
        for (var i = 1; i < delays.Count; i++)
        {
            Assert.True(delays[i] >= delays[i - 1]);
        }

        Assert.Equal(TimeSpan.FromSeconds(1000), delays[^1]);
        Assert.Equal(TimeSpan.FromMilliseconds(5), backoff.When("other"));
        backoff.Forget("k");
        Assert.Equal(TimeSpan.FromMilliseconds(5), backoff.When("k"));
    }

    [Fact]
    public void Reconnect_backoff_is_jittered_within_bounds()
    {
        var backoff = new LetsCode.Kubernetes.Watch.ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), jitter: 0.2, new Random(1));
        var delays = Enumerable.Range(0, 10).Select(_ => backoff.Next()).ToList();
        Assert.InRange(delays[0].TotalMilliseconds, 80, 120);
        Assert.InRange(delays[1].TotalMilliseconds, 160, 240);
        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromSeconds(2)));
        Assert.InRange(delays[^1].TotalMilliseconds, 1600, 2000);
        backoff.Reset();
        Assert.InRange(backoff.Next().TotalMilliseconds, 80, 120);
    }
}
