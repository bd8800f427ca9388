namespace LetsCode.Redis.Protocol;

/// <summary>
/// Bounds that keep a broken or hostile peer from making the reader allocate without end. The defaults match the
/// server's own limits (<c>proto-max-bulk-len</c> is 512 MiB).
/// </summary>
public sealed record RespReaderLimits
{
    public static RespReaderLimits Default { get; } = new();

    public int MaxBulkLength { get; init; } = 512 * 1024 * 1024;

    public int MaxArrayLength { get; init; } = 64 * 1024 * 1024;

    public int MaxDepth { get; init; } = 128;

    /// <summary>Longest simple-string, error or length line; Redis sends these short.</summary>
    public int MaxLineLength { get; init; } = 64 * 1024;
}
