using System.Globalization;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator;

/// <summary>
/// All objects, one global resourceVersion, the window of recent changes for watches, and the open watches.
/// Every member must be used under <see cref="Gate"/>: the simulator serialises all writes, like etcd's revision.
/// </summary>
internal sealed class ObjectStore(int watchWindow)
{
    private readonly Dictionary<ResourceName, SortedDictionary<string, StoredObject>> _objects = [];
    private readonly LinkedList<Change> _window = new();
    private readonly List<Watcher> _watchers = [];
    /// <summary>etcd's default --max-request-bytes (1.5 MiB).</summary>
    public const int MaxObjectBytes = 1536 * 1024;

    private long _resourceVersion = 1;
    private long _oldestWatchable = 1;

    public Lock Gate { get; } = new();

    public long ResourceVersion => _resourceVersion;

    /// <summary>Watching or continuing a list from a version before this one gets 410.</summary>
    public long OldestWatchable => _oldestWatchable;

    /// <summary>Raised (under the lock) after every change, so controllers can look again.</summary>
    public event Action? Changed;

    public StoredObject? Get(ResourceName resource, string? ns, string name) =>
        _objects.TryGetValue(resource, out var objects) ? objects.GetValueOrDefault(StoredObject.StoreKey(ns, name)) : null;

    /// <summary>Objects in key order (namespace, then name), as etcd lists them.</summary>
    public IEnumerable<StoredObject> List(ResourceName resource, string? ns = null)
    {
        if (!_objects.TryGetValue(resource, out var objects)) return [];
        return ns is null ? objects.Values : objects.Values.Where(o => o.Namespace == ns);
    }

    public IEnumerable<StoredObject> ListAfter(ResourceName resource, string? ns, string? afterKey) =>
        List(resource, ns).Where(o => afterKey is null || string.CompareOrdinal(o.Key, afterKey) > 0);

    public IEnumerable<StoredObject> All => _objects.Values.SelectMany(o => o.Values);

    /// <summary>Stores a new version of an object (created when absent) under a new resourceVersion.</summary>
    public StoredObject Put(ResourceType type, JsonObject obj)
    {
        var objects = ObjectsOf(type.Name);
        Meta.Of(obj)["resourceVersion"] = Next();
        var stored = new StoredObject(type, obj);
        if (stored.Json.Length > MaxObjectBytes)
        {
            // etcd's default request limit; a real cluster cannot store such an object either.
            throw new Api.ApiException(413, "RequestEntityTooLarge", "etcdserver: request is too large");
        }

        objects.TryGetValue(stored.Key, out var old);
        objects[stored.Key] = stored;
        Record(old is null ? "ADDED" : "MODIFIED", old, stored);
        return stored;
    }

    /// <summary>Removes an object; its last state gets a new resourceVersion, which the DELETED event carries.</summary>
    public StoredObject Remove(ResourceType type, JsonObject lastState)
    {
        Meta.Of(lastState)["resourceVersion"] = Next();
        var stored = new StoredObject(type, lastState);
        ObjectsOf(type.Name).Remove(stored.Key, out var old);
        Record("DELETED", old, stored);
        return stored;
    }

    /// <summary>Drops every stored object of a resource (its CRD went away); watchers of it are ended.</summary>
    public void Forget(ResourceName resource)
    {
        _objects.Remove(resource);
        foreach (var watcher in _watchers.Where(w => w.Type.Name == resource).ToList())
        {
            watcher.Complete();
            _watchers.Remove(watcher);
        }
    }

    public void Compact()
    {
        _window.Clear();
        _oldestWatchable = _resourceVersion;
    }

    /// <summary>Registers a watcher after replaying the changes it missed since <paramref name="fromVersion"/>.</summary>
    public bool TryWatchFrom(Watcher watcher, long fromVersion)
    {
        if (fromVersion < _oldestWatchable) return false;
        foreach (var change in _window.Where(c => c.Version > fromVersion && c.Current.Type.Name == watcher.Type.Name))
        {
            watcher.Offer(change.Type, change.Old, change.Current);
        }

        _watchers.Add(watcher);
        return true;
    }

    /// <summary>Registers a watcher that first gets every current object as ADDED (resourceVersion unset or "0").</summary>
    public void WatchWithInitialState(Watcher watcher)
    {
        foreach (var obj in List(watcher.Type.Name, watcher.Namespace))
        {
            watcher.Offer("ADDED", null, obj);
        }

        _watchers.Add(watcher);
    }

    public void Unwatch(Watcher watcher) => _watchers.Remove(watcher);

    public IReadOnlyList<Watcher> Watchers => _watchers;

    private SortedDictionary<string, StoredObject> ObjectsOf(ResourceName resource)
    {
        if (!_objects.TryGetValue(resource, out var objects))
        {
            objects = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            _objects[resource] = objects;
        }

        return objects;
    }

    private string Next() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private void Record(string type, StoredObject? old, StoredObject current)
    {
        _window.AddLast(new Change(current.ResourceVersion, type, old, current));
        while (_window.Count > Math.Max(1, watchWindow))
        {
            _oldestWatchable = _window.First!.Value.Version;
            _window.RemoveFirst();
        }

        foreach (var watcher in _watchers)
        {
            if (watcher.Type.Name == current.Type.Name) watcher.Offer(type, old, current);
        }

        Changed?.Invoke();
    }

    private sealed record Change(long Version, string Type, StoredObject? Old, StoredObject Current);
}
