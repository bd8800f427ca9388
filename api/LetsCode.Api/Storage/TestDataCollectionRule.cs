namespace LetsCode.Api.Storage;

/// <summary>
/// Which stored test data blobs a collection pass deletes: those last stored before now minus the grace period that
/// no problem test references. Pure: the collector brings the listing and the references.
/// </summary>
public sealed class TestDataCollectionRule
{
    public TestDataCollectionRule(TimeSpan grace)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        Grace = grace;
    }

    public TimeSpan Grace { get; }

    /// <summary>Blobs last stored strictly before this instant are old enough to delete.</summary>
    public DateTimeOffset CutoffAt(DateTimeOffset now) => now - Grace;

    public IReadOnlyList<ListedBlob> SelectForDeletion(
        IEnumerable<ListedBlob> stored, IReadOnlySet<string> referencedHashes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(referencedHashes);
        var cutoff = CutoffAt(now);
        return stored.Where(b => b.StoredAt < cutoff && !referencedHashes.Contains(b.Sha256)).ToList();
    }
}
