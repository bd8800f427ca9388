namespace LetsCode.Api.Storage;

/// <summary>
/// What one collection pass removed: blobs this process deleted (another replica's deletions are its own) and their
/// bytes, bytes of abandoned partial writes, and deletions that failed (retried next pass).
/// </summary>
public sealed record TestDataCollectionResult(int Blobs, long Bytes, long AbandonedBytes, int Failures)
{
    public static TestDataCollectionResult Nothing { get; } = new(0, 0, 0, 0);
}
