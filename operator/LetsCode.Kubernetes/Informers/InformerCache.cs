using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Informers;

/// <summary>
/// The thread-safe local copy of a collection, with indexes. Besides the built-in label index, callers may add
/// indexers (for example pods by owner uid). Reads return the cached instances: do not mutate them; clone with
/// <see cref="ResourceType{T}.Clone"/> to build an update.
/// </summary>
public sealed class InformerCache<T>
    where T : class, IKubernetesObject
{
    public const string LabelIndex = "labels";

    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, T> _items = [];
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers = [];
    private readonly Dictionary<string, Dictionary<string, HashSet<ObjectKey>>> _indexes = [];

    public InformerCache()
    {
        AddIndexer(LabelIndex, static value =>
            value.Metadata.Labels?.Select(label => LabelIndexValue(label.Key, label.Value)) ?? []);
    }

    public static string LabelIndexValue(string key, string value) => $"{key}={value}";

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Adds an index (and builds it over what is cached already).</summary>
    public void AddIndexer(string name, Func<T, IEnumerable<string>> indexer)
    {
        lock (_gate)
        {
            _indexers[name] = indexer;
            _indexes[name] = [];
            foreach (var (key, value) in _items)
            {
                IndexOne(name, indexer, key, value);
            }
        }
    }

    public T? Get(ObjectKey key)
    {
        lock (_gate)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public T? Get(string? @namespace, string name) => Get(new ObjectKey(@namespace ?? "", name));

    public IReadOnlyList<T> List(string? @namespace = null)
    {
        lock (_gate)
        {
            return @namespace is null
                ? [.. _items.Values]
                : [.. _items.Where(item => item.Key.Namespace == @namespace).Select(item => item.Value)];
        }
    }

    public IReadOnlyList<ObjectKey> Keys()
    {
        lock (_gate)
        {
            return [.. _items.Keys];
        }
    }

    /// <summary>Objects whose index <paramref name="indexName"/> yields <paramref name="indexValue"/>.</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string indexValue)
    {
        lock (_gate)
        {
            if (!_indexes.TryGetValue(indexName, out var index))
            {
                throw new ArgumentException($"No index named '{indexName}'.", nameof(indexName));
            }

            return index.TryGetValue(indexValue, out var keys) ? [.. keys.Select(key => _items[key])] : [];
        }
    }

    public IReadOnlyList<T> ByLabel(string key, string value) => ByIndex(LabelIndex, LabelIndexValue(key, value));

    /// <summary>Objects having every label in <paramref name="matchLabels"/> (optionally in one namespace).</summary>
    public IReadOnlyList<T> ByLabels(IReadOnlyDictionary<string, string> matchLabels, string? @namespace = null)
    {
        if (matchLabels.Count == 0)
        {
            return List(@namespace);
        }

        lock (_gate)
        {
            HashSet<ObjectKey>? result = null;
            foreach (var (key, value) in matchLabels)
            {
                if (!_indexes[LabelIndex].TryGetValue(LabelIndexValue(key, value), out var keys))
                {
                    return [];
                }

                if (result is null)
                {
                    result = [.. keys];
                }
                else
                {
                    result.IntersectWith(keys);
                }
            }

            return [.. result!.Where(key => @namespace is null || key.Namespace == @namespace).Select(key => _items[key])];
        }
    }

    /// <summary>Stores the object; returns the previous version (null if it is new).</summary>
    internal T? Upsert(T value)
    {
        var key = ObjectKey.Of(value);
        lock (_gate)
        {
            _items.TryGetValue(key, out var previous);
            if (previous is not null)
            {
                Unindex(key, previous);
            }

            _items[key] = value;
            foreach (var (name, indexer) in _indexers)
            {
                IndexOne(name, indexer, key, value);
            }

            return previous;
        }
    }

    /// <summary>Removes the object; returns what was cached (null if nothing).</summary>
    internal T? Remove(ObjectKey key)
    {
        lock (_gate)
        {
            if (!_items.Remove(key, out var previous))
            {
                return null;
            }

            Unindex(key, previous);
            return previous;
        }
    }

    private void IndexOne(string name, Func<T, IEnumerable<string>> indexer, ObjectKey key, T value)
    {
        var index = _indexes[name];
        foreach (var indexValue in indexer(value))
        {
            if (!index.TryGetValue(indexValue, out var keys))
            {
                keys = [];
                index[indexValue] = keys;
            }

            keys.Add(key);
        }
    }

    private void Unindex(ObjectKey key, T value)
    {
        foreach (var (name, indexer) in _indexers)
        {
            var index = _indexes[name];
            foreach (var indexValue in indexer(value))
            {
                if (index.TryGetValue(indexValue, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(indexValue);
                }
            }
        }
    }
}
