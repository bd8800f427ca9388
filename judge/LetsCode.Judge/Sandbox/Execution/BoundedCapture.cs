namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>
/// Reads a child's pipe into memory up to a cap. One byte past the cap is kept (so callers can see the overflow),
/// then reading stops and <paramref name="onOverflow"/> fires: output is never buffered without bound.
/// </summary>
internal sealed class BoundedCapture(Stream source, long limit, Action onOverflow)
{
    private readonly MemoryStream buffer = new();

    public bool Overflowed { get; private set; }

    public byte[] Bytes => buffer.ToArray();

    /// <summary>Completes at end of stream or on overflow. Never throws for a broken pipe.</summary>
    public async Task PumpAsync()
    {
        var chunk = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(chunk).ConfigureAwait(false);
                if (read == 0) return;
                var room = limit + 1 - buffer.Length;
                buffer.Write(chunk, 0, (int)Math.Min(read, room));
                if (buffer.Length > limit)
                {
                    Overflowed = true;
                    onOverflow();
                    return;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
