using System.Buffers;
using System.Net.WebSockets;

namespace LetsCode.Kubernetes.Simulator.Exec;

/// <summary>A write-only stream that sends each write as binary WebSocket messages prefixed with a channel byte.</summary>
internal sealed class ChannelWriteStream(WebSocket socket, byte channel, SemaphoreSlim sendLock) : Stream
{
    private const int MaxPayload = 64 * 1024;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0)
        {
            var chunk = buffer[..Math.Min(buffer.Length, MaxPayload)];
            buffer = buffer[chunk.Length..];
            var frame = ArrayPool<byte>.Shared.Rent(chunk.Length + 1);
            try
            {
                frame[0] = channel;
                chunk.CopyTo(frame.AsMemory(1));
                await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await socket.SendAsync(frame.AsMemory(0, chunk.Length + 1), WebSocketMessageType.Binary, true, cancellationToken)
                        .ConfigureAwait(false);
                }
                finally
                {
                    sendLock.Release();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(frame);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
