namespace LetsCode.Api.Cluster.Live;

/// <summary>
/// Per-submission sequence numbers as a relay receives them: a message whose number is not above the last one
/// delivered for its submission is a duplicate or arrived late, and is dropped, so a WebSocket client never sees a
/// submission's updates out of order or twice. Forgets a submission after its final message, and the oldest ones
/// beyond <c>capacity</c>. Pure; not thread-safe (one relay handler calls it).
/// </summary>
public sealed class SequenceFilter(int capacity = 100_000)
{
    private readonly Dictionary<Guid, long> last = [];
    private readonly Queue<Guid> order = new();

    public int Tracked => last.Count;

    public bool Accept(Guid submissionId, long sequence, bool isFinal)
    {
        if (last.TryGetValue(submissionId, out var previous) && sequence <= previous)
        {
            return false;
        }
        if (isFinal)
        {
            // A repeat of the final message carries a lower or equal number only if it was stamped before; later
            // stamps cannot exist (nothing is published after the verdict), so forgetting here is safe.
            last.Remove(submissionId);
            return true;
        }
        if (!last.ContainsKey(submissionId))
        {
            order.Enqueue(submissionId);
        }
        last[submissionId] = sequence;
        while (last.Count > capacity && order.TryDequeue(out var oldest))
        {
            last.Remove(oldest);
        }
        return true;
    }
}
