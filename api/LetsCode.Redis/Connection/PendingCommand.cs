using LetsCode.Redis.Protocol;

namespace LetsCode.Redis.Connection;

/// <summary>
/// One encoded command waiting to be written and then for its reply. Replies are matched to commands purely by
/// order, so a command whose caller gave up (timeout, cancellation) stays queued to absorb its own reply.
/// </summary>
internal sealed class PendingCommand : TaskCompletionSource<RespValue>
{
    public PendingCommand(ReadOnlyMemory<byte> payload, string name, long deadlineTicks, bool expectsReply, CancellationToken cancellationToken)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Payload = payload;
        Name = name;
        DeadlineTicks = deadlineTicks;
        ExpectsReply = expectsReply;
        CancellationToken = cancellationToken;
    }

    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The command name, for error messages.</summary>
    public string Name { get; }

    /// <summary><see cref="Environment.TickCount64"/> after which the caller stops waiting.</summary>
    public long DeadlineTicks { get; }

    /// <summary>False for commands sent on a subscriber connection, whose answers arrive as push messages.</summary>
    public bool ExpectsReply { get; }

    public CancellationToken CancellationToken { get; }
}
