using System.IO.Pipes;

namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>
/// Grows a child's output pipe so that it can hold more than the output limit. A program's writes then reach the
/// pipe, not its runtime's memory, until the limit is passed: Node.js, for one, queues writes to a full pipe in its
/// heap, and with the default 64 KiB pipe (the default output limit too) a flood whose reader was not scheduled for
/// a moment ended as an OOM kill with exactly a full pipe unread, i.e. MemoryLimitExceeded instead of
/// OutputLimitExceeded. With room past the limit the overflow is always visible to the reader.
/// </summary>
internal static class PipeCapacity
{
    /// <summary>Unprivileged processes may grow a pipe up to /proc/sys/fs/pipe-max-size, 1 MiB by default.</summary>
    private const int MaxUnprivileged = 1 << 20;

    /// <summary>Best effort: a stream that is not a pipe, or a kernel that refuses, keeps its capacity.</summary>
    public static void MakeRoomFor(Stream pipe, long limitBytes)
    {
        var handle = pipe switch
        {
            PipeStream p => p.SafePipeHandle.DangerousGetHandle(),
            FileStream f => f.SafeFileHandle.DangerousGetHandle(),
            _ => (nint)(-1),
        };
        if (handle < 0 || !OperatingSystem.IsLinux())
        {
            return;
        }
        // The kernel rounds up to a power-of-two number of pages; twice the limit leaves room for the overflow.
        var wanted = (int)Math.Clamp(2 * limitBytes, 64 * 1024, MaxUnprivileged);
        _ = Libc.Fcntl(handle, Libc.FSetPipeSize, wanted);
    }
}
