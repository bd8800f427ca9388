using System.Threading.Channels;

namespace LetsCode.Api.Queue;

/// <summary>Embedded mode's queue: an unbounded in-process channel (FIFO), many readers.</summary>
public sealed class ChannelSubmissionQueue : ISubmissionQueue
{
    private readonly Channel<Guid> channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions
    {
        SingleReader = false,
        SingleWriter = false,
    });

    public int Depth => channel.Reader.Count;

    public ValueTask EnqueueAsync(Guid submissionId, CancellationToken cancellationToken) =>
        channel.Writer.WriteAsync(submissionId, cancellationToken);

    public ValueTask<Guid> DequeueAsync(CancellationToken cancellationToken) =>
        channel.Reader.ReadAsync(cancellationToken);
}
