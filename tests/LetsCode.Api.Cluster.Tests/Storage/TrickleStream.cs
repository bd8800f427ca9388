namespace LetsCode.Api.Cluster.Tests.Storage;

/// <summary>
/// A read-only stream over bytes that hands out at most <c>maxRead</c> bytes per read, as a network body does, so a
/// chunk is filled by many reads. Optionally pauses (asynchronously) before passing <c>pauseAt</c> until released, so
/// a test can hold a put in the middle of its transaction; or fails there, as a dropped upload does.
/// </summary>
internal sealed class TrickleStream(byte[] data, int maxRead, long pauseAt = long.MaxValue) : Stream
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int position;

    /// <summary>Completes when the reader has consumed everything before the pause point.</summary>
    public Task Reached => reached.Task;

    /// <summary>Instead of pausing, throw this when the pause point is reached.</summary>
    public Exception? FailWith { get; init; }

    public void Release() => released.TrySetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position == pauseAt)
        {
            reached.TrySetResult();
            if (FailWith is { } failure)
            {
                throw failure;
            }
            await released.Task.WaitAsync(cancellationToken);
        }
        var limit = position < pauseAt ? (int)Math.Min(pauseAt - position, maxRead) : maxRead;
        var count = Math.Min(Math.Min(buffer.Length, limit), data.Length - position);
        data.AsSpan(position, count).CopyTo(buffer.Span);
        position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the store reads asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
