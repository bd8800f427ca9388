using System.Text;
using LetsCode.Kubernetes.Exec;

namespace LetsCode.Kubernetes.Tests.Exec;

public sealed class ExecFrameCodecTests
{
    [Fact]
    public void Frames_start_with_the_channel()
    {
        var frame = new byte[10];
        var length = ExecFrameCodec.Encode(ExecChannel.Stdin, "abc"u8, frame);
        Assert.Equal(4, length);
        Assert.Equal(new byte[] { 0, (byte)'a', (byte)'b', (byte)'c' }, frame[..4]);
        Assert.Equal(new byte[] { 255, 0 }, ExecFrameCodec.CloseFrame(ExecChannel.Stdin));
        Assert.Throws<ArgumentException>(() => ExecFrameCodec.Encode(1, "abc"u8, new byte[3]));
    }

    [Fact]
    public void Success_is_exit_code_zero()
    {
        var status = ExecFrameCodec.ParseStatus("""{"metadata":{},"status":"Success"}"""u8);
        Assert.Equal(0, ExecFrameCodec.ExitCode(status));
    }

    [Fact]
    public void Non_zero_exit_code_comes_from_the_exit_code_cause()
    {
        var status = ExecFrameCodec.ParseStatus(Encoding.UTF8.GetBytes(
            """{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}"""));
        Assert.Equal(3, ExecFrameCodec.ExitCode(status));
    }

    [Fact]
    public void Other_failures_have_no_exit_code()
    {
        var status = ExecFrameCodec.ParseStatus(Encoding.UTF8.GetBytes(
            """{"metadata":{},"status":"Failure","message":"exec: \"nope\": executable file not found in $PATH","reason":"InternalError"}"""));
        Assert.Null(ExecFrameCodec.ExitCode(status));
        Assert.Throws<ExecException>(() => ExecFrameCodec.ParseStatus("not json"u8));
    }
}
