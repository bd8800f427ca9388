namespace LetsCode.Api.Storage;

/// <summary>
/// Content-addressed storage for problem test data (inputs and expected outputs), kept outside the database rows so
/// large tests never pass through a row or sit in memory whole.
/// </summary>
public interface ITestDataStore
{
    /// <summary>Streams <paramref name="content"/> to storage while hashing it; at most <paramref name="maxBytes"/>.</summary>
    /// <exception cref="TestDataTooLargeException">The stream was longer than maxBytes (nothing is kept).</exception>
    Task<StoredBlob> PutAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Opens a stored blob for reading; null when it does not exist.</summary>
    Stream? OpenRead(string sha256);

    bool Exists(string sha256);

    /// <summary>
    /// Every blob last stored before <paramref name="cutoff"/>, for the collector (<see cref="TestDataCollector"/>).
    /// "Stored" is the latest put of that content: a put of content already stored stamps it as stored again, so a
    /// blob someone has just been handed back by <see cref="PutAsync"/> is never listed as old.
    /// </summary>
    Task<IReadOnlyList<ListedBlob>> ListStoredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the blob if it is still stored and was last stored before <paramref name="cutoff"/>, deciding on the
    /// stored time at the moment of deletion (a put since the listing keeps it). True when this call deleted it; false
    /// when it was absent (already deleted, also by another replica) or stored again since. Safe to repeat.
    /// </summary>
    Task<bool> DeleteIfStoredBeforeAsync(string sha256, DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>
    /// Removes what puts that never finished left behind, last written before <paramref name="cutoff"/> (a put in
    /// progress keeps writing, so it is younger); returns the bytes freed.
    /// </summary>
    Task<long> RemoveAbandonedWritesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}

/// <summary>A stored blob: lowercase hex SHA-256 of its bytes, and its length.</summary>
public sealed record StoredBlob(string Sha256, long Bytes);

public sealed class TestDataTooLargeException(long maxBytes)
    : Exception($"test data is larger than {maxBytes} bytes")
{
    public long MaxBytes { get; } = maxBytes;
}
