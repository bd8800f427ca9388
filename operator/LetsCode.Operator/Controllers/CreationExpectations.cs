using LetsCode.Kubernetes.Informers;

namespace LetsCode.Operator.Controllers;

/// <summary>
/// What a controller has asked the API server for and not yet seen in its informer (client-go's
/// ControllerExpectations). Informer caches lag behind writes; a reconcile that counts pods before its own creates
/// arrive would create them again. That is the over-creation bug agent-sandbox hit. A pool may create or delete
/// again only once every create and delete it made has been observed, or after <see cref="Timeout"/> (a lost
/// watch event must not block the pool forever).
/// </summary>
public sealed class CreationExpectations(TimeProvider time, TimeSpan timeout)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, Pending> _pending = [];

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Before creating <paramref name="count"/> pods for <paramref name="owner"/>.</summary>
    public void ExpectCreations(ObjectKey owner, int count) => Change(owner, count, null, add: true);

    /// <summary>The informer saw one of the owner's pods appear (or a create failed, so it never will).</summary>
    public void CreationObserved(ObjectKey owner) => Change(owner, -1, null, add: true);

    /// <summary>Before deleting the named pod.</summary>
    public void ExpectDeletion(ObjectKey owner, string podName) => Change(owner, 0, podName, add: true);

    /// <summary>The informer saw the pod go (or start terminating), or the delete failed.</summary>
    public void DeletionObserved(ObjectKey owner, string podName) => Change(owner, 0, podName, add: false);

    /// <summary>True when nothing is outstanding (or what is outstanding is older than the timeout).</summary>
    public bool Satisfied(ObjectKey owner)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(owner, out var pending))
            {
                return true;
            }

            if (pending.Creations <= 0 && pending.Deletions.Count == 0)
            {
                _pending.Remove(owner);
                return true;
            }

            if (time.GetUtcNow() - pending.Since > Timeout)
            {
                _pending.Remove(owner);
                return true;
            }

            return false;
        }
    }

    public void Forget(ObjectKey owner)
    {
        lock (_gate)
        {
            _pending.Remove(owner);
        }
    }

    private void Change(ObjectKey owner, int creations, string? deletion, bool add)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(owner, out var pending))
            {
                if (creations <= 0 && (deletion is null || !add))
                {
                    return; // an observation nobody was waiting for (a pod that existed before we started)
                }

                pending = new Pending { Since = time.GetUtcNow() };
                _pending[owner] = pending;
            }

            if (creations > 0)
            {
                pending.Since = time.GetUtcNow();
            }

            pending.Creations = Math.Max(0, pending.Creations + creations);
            if (deletion is not null)
            {
                if (add)
                {
                    pending.Deletions.Add(deletion);
                    pending.Since = time.GetUtcNow();
                }
                else
                {
                    pending.Deletions.Remove(deletion);
                }
            }
        }
    }

    private sealed class Pending
    {
        public int Creations { get; set; }
        public HashSet<string> Deletions { get; } = [];
        public DateTimeOffset Since { get; set; }
    }
}
