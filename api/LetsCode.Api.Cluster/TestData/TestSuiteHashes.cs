using LetsCode.Api.Storage;

namespace LetsCode.Api.Cluster.TestData;

/// <summary>
/// Suite document hashes by manifest hash: the document is a function of the blobs the manifest names, so it is
/// hashed once per problem version and replica, not once per submission. Bounded (oldest forgotten first).
/// </summary>
public sealed class TestSuiteHashes(ITestDataStore store, int capacity = 4096)
{
    private readonly Dictionary<string, string> hashes = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly Lock gate = new();

    public async Task<string> GetAsync(TestSuiteManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var key = manifest.Sha256;
        lock (gate)
        {
            if (hashes.TryGetValue(key, out var known))
            {
                return known;
            }
        }
        var computed = await TestSuiteDocument.HashAsync(manifest, store, cancellationToken);
        lock (gate)
        {
            if (hashes.TryAdd(key, computed))
            {
                order.Enqueue(key);
                while (hashes.Count > capacity && order.TryDequeue(out var oldest))
                {
                    hashes.Remove(oldest);
                }
            }
        }
        return computed;
    }
}
