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
}

/// <summary>A stored blob: lowercase hex SHA-256 of its bytes, and its length.</summary>
public sealed record StoredBlob(string Sha256, long Bytes);

public sealed class TestDataTooLargeException(long maxBytes)
    : Exception($"test data is larger than {maxBytes} bytes")
{
    public long MaxBytes { get; } = maxBytes;
}
