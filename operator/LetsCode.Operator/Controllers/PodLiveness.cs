using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Operator.Controllers;

/// <summary>
/// Connects the pod informer to running execs: when a pod in use is deleted, starts terminating or fails, the token
/// handed out for it is cancelled, so the submission notices at once (a real kubelet also cuts the exec stream, but
/// we do not depend on it).
/// </summary>
public sealed class PodLiveness : IResourceEventHandler<Pod>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, (string? Uid, CancellationTokenSource Gone)> _watched = [];

    /// <summary>A token cancelled when the pod (with this uid) goes away. Dispose the lease when the run ends.</summary>
    public Lease Watch(Pod pod)
    {
        var key = ObjectKey.Of(pod);
        var gone = new CancellationTokenSource();
        lock (_gate)
        {
            _watched[key] = (pod.Metadata.Uid, gone);
        }

        return new Lease(this, key, gone);
    }

    public void OnAdd(Pod value) => Check(value);

    public void OnUpdate(Pod oldValue, Pod newValue) => Check(newValue);

    public void OnDelete(Pod value) => Cancel(ObjectKey.Of(value), value.Metadata.Uid);

    private void Check(Pod pod)
    {
        if (PodStates.IsTerminating(pod) || PodStates.IsFinished(pod))
        {
            Cancel(ObjectKey.Of(pod), pod.Metadata.Uid);
        }
    }

    private void Cancel(ObjectKey key, string? uid)
    {
        CancellationTokenSource? gone = null;
        lock (_gate)
        {
            if (_watched.TryGetValue(key, out var entry) && (entry.Uid is null || uid is null || entry.Uid == uid))
            {
                gone = entry.Gone;
            }
        }

        try
        {
            gone?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended in between.
        }
    }

    private void Release(ObjectKey key, CancellationTokenSource gone)
    {
        lock (_gate)
        {
            if (_watched.TryGetValue(key, out var entry) && ReferenceEquals(entry.Gone, gone))
            {
                _watched.Remove(key);
            }
        }

        gone.Dispose();
    }

    public sealed class Lease(PodLiveness owner, ObjectKey key, CancellationTokenSource gone) : IDisposable
    {
        public CancellationToken Gone { get; } = gone.Token;

        public void Dispose() => owner.Release(key, gone);
    }
}
