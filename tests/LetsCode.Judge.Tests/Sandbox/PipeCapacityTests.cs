using System.Diagnostics;
using System.IO.Pipes;
using LetsCode.Judge.Sandbox.Execution;

namespace LetsCode.Judge.Tests.Sandbox;

public sealed class PipeCapacityTests
{
    [Theory]
    [InlineData(64 * 1024)]   // the default output limit: the default pipe would hold exactly that, no overflow
    [InlineData(300 * 1024)]
    public async Task A_captured_pipe_holds_more_than_the_output_limit(int limit)
    {
        // A writer that has not started writing: the capacity is what the capture made of the pipe.
        using var child = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "read line"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        var capture = new BoundedCapture(child.StandardOutput.BaseStream, limit, () => { });
        var handle = ((PipeStream)child.StandardOutput.BaseStream).SafePipeHandle.DangerousGetHandle();

        Assert.True(Libc.Fcntl(handle, Libc.FGetPipeSize, 0) > limit, "room past the limit, so an overflow reaches the reader");

        await child.StandardInput.WriteLineAsync("done");
        await child.WaitForExitAsync();
        await capture.PumpAsync();
        Assert.False(capture.Overflowed);
    }
}
