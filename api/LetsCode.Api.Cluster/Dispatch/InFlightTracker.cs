namespace LetsCode.Api.Cluster.Dispatch;

/// <summary>
/// Unfinished Submission resources of one language as the dispatcher must count them: those the resource list
/// reports, plus those this dispatcher created that the list does not show yet (an informer cache lags a create).
/// A created name stops counting once the list has shown it and then dropped it, or after <c>listLag</c> if the list
/// never showed it (it finished before the cache caught up). Pure: time is passed in.
/// </summary>
public sealed class InFlightTracker(TimeSpan listLag)
{
    private readonly Dictionary<string, (DateTimeOffset CreatedAt, bool Listed)> created = new(StringComparer.Ordinal);

    public void Created(string name, DateTimeOffset now) => created.TryAdd(name, (now, false));

    /// <summary>Merges the current list and returns how many resources are unfinished.</summary>
    public int Count(IReadOnlyCollection<string> listedActive, DateTimeOffset now)
    {
        var active = listedActive as IReadOnlySet<string> ?? listedActive.ToHashSet(StringComparer.Ordinal);
        foreach (var (name, state) in created.ToList())
        {
            if (active.Contains(name))
            {
                created[name] = (state.CreatedAt, true);
            }
            else if (state.Listed || now - state.CreatedAt > listLag)
            {
                created.Remove(name);
            }
        }
        return active.Count + created.Count(c => !active.Contains(c.Key));
    }
}
