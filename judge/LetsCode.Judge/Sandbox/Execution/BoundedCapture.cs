namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>
/// Reads a child's pipe into memory up to a cap. One byte past the cap is kept (so callers can see the overflow),
/// then reading stops and <paramref name="onOverflow"/> fires: output is never buffered without bound.
/// </summary>
internal sealed class BoundedCapture
{
    private readonly Stream source;
    private readonly long limit;
    private readonly Action onOverflow;
    private readonly MemoryStream buffer = new();
    private readonly Lock gate = new();

    public BoundedCapture(Stream source, long limit, Action onOverflow)
    {
        this.source = source;
        this.limit = limit;
        this.onOverflow = onOverflow;
        PipeCapacity.MakeRoomFor(source, limit);
    }

    public bool Overflowed { get; private set; }

    public byte[] Bytes
    {
        get
        {
            lock (gate)
            {
                return buffer.ToArray();
            }
        }
    }

    /// <summary>Completes at end of stream or on overflow. Never throws for a broken pipe.</summary>
    public async Task PumpAsync()
    {
        var chunk = new byte[16 * 1024];
        try
        {
            while (Append(chunk, await source.ReadAsync(chunk).ConfigureAwait(false)))
            {
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// The same on a dedicated thread with blocking reads. .NET's anonymous pipes have no asynchronous reads on Unix:
    /// their ReadAsync blocks a thread-pool thread, and a few idle sandboxes would starve the pool.
    /// </summary>
    public Task PumpOnOwnThread() => DedicatedThread.Run(() =>
    {
        var chunk = new byte[16 * 1024];
        try
        {
            while (Append(chunk, source.Read(chunk)))
            {
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    });

    /// <summary>False when reading should stop (end of stream or overflow).</summary>
    private bool Append(byte[] chunk, int read)
    {
        if (read == 0) return false;
        lock (gate)
        {
            var room = limit + 1 - buffer.Length;
            buffer.Write(chunk, 0, (int)Math.Min(read, room));
            if (buffer.Length <= limit) return true;
            Overflowed = true;
        }
        onOverflow();
        return false;
    }
}
