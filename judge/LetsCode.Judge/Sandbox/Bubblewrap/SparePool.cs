namespace LetsCode.Judge.Sandbox.Bubblewrap;

/// <summary>
/// Prepared sandboxes waiting for a run of their shape, a few per shape (the next tests of the same job). Preparing
/// is mostly waiting (a v1 cgroup attach takes 5-45 ms of wall time, little CPU), so several in flight overlap their
/// waits and keep up better with back-to-back tests. A spare nobody claims within the idle timeout is destroyed.
/// </summary>
internal sealed class SparePool(int depthPerShape, int maxTotal, TimeSpan idleTimeout, Action<Task<PreparedSandbox>> discard)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<Spare>> byShape = new(StringComparer.Ordinal);
    private int total;
    private bool closed;

    /// <summary>The oldest spare of this shape (most likely ready), or null.</summary>
    public Task<PreparedSandbox>? TryTake(string shape)
    {
        Spare spare;
        lock (gate)
        {
            if (!byShape.TryGetValue(shape, out var list) || list.Count == 0) return null;
            spare = list[0];
            list.RemoveAt(0);
            if (list.Count == 0) byShape.Remove(shape);
            total--;
        }
        spare.Expiry.Cancel();
        return spare.Sandbox;
    }

    /// <summary>Starts preparing spares of this shape until it has <c>depthPerShape</c> (within the global cap).</summary>
    public void Fill(string shape, Func<Task<PreparedSandbox>> prepare)
    {
        var started = new List<Spare>();
        lock (gate)
        {
            if (closed) return;
            if (!byShape.TryGetValue(shape, out var list)) byShape[shape] = list = [];
            while (list.Count < depthPerShape && total < maxTotal)
            {
                var spare = new Spare(Task.Run(prepare), new CancellationTokenSource());
                list.Add(spare);
                total++;
                started.Add(spare);
            }
            if (list.Count == 0) byShape.Remove(shape);
        }
        foreach (var spare in started) _ = ExpireAsync(shape, spare);
    }

    private async Task ExpireAsync(string shape, Spare spare)
    {
        try
        {
            await Task.Delay(idleTimeout, spare.Expiry.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // claimed, or the pool closed
        }
        lock (gate)
        {
            if (!byShape.TryGetValue(shape, out var list) || !list.Remove(spare)) return;
            if (list.Count == 0) byShape.Remove(shape);
            total--;
        }
        spare.Expiry.Dispose();
        discard(spare.Sandbox);
    }

    /// <summary>Destroys every spare; later fills do nothing.</summary>
    public void Close()
    {
        Spare[] all;
        lock (gate)
        {
            closed = true;
            all = [.. byShape.Values.SelectMany(l => l)];
            byShape.Clear();
            total = 0;
        }
        foreach (var spare in all)
        {
            spare.Expiry.Cancel();
            discard(spare.Sandbox);
        }
    }

    private sealed record Spare(Task<PreparedSandbox> Sandbox, CancellationTokenSource Expiry);
}
