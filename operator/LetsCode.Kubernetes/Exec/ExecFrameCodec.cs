using System.Globalization;
using System.Text.Json;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Exec;

/// <summary>The byte-level rules of the exec protocol, without I/O (so they are unit-tested on their own).</summary>
public static class ExecFrameCodec
{
    /// <summary>Writes [channel, data...] into <paramref name="frame"/>; returns the frame length.</summary>
    public static int Encode(byte channel, ReadOnlySpan<byte> data, Span<byte> frame)
    {
        if (frame.Length < data.Length + 1)
        {
            throw new ArgumentException("The frame buffer is too small.", nameof(frame));
        }

        frame[0] = channel;
        data.CopyTo(frame[1..]);
        return data.Length + 1;
    }

    /// <summary>The v5 frame that closes a channel: [255, channel].</summary>
    public static byte[] CloseFrame(byte channel) => [ExecChannel.Close, channel];

    /// <summary>
    /// The exit code from the status channel's Status: "Success" is 0; a Failure with reason NonZeroExitCode carries
    /// the code in details.causes[reason=ExitCode].message. Any other failure (the command could not be started,
    /// the container is gone) is not an exit code of the command: null, and the caller reports the Status.
    /// </summary>
    public static int? ExitCode(Status status)
    {
        if (status.Outcome == "Success")
        {
            return 0;
        }

        if (status.Outcome == "Failure" && status.Reason == "NonZeroExitCode")
        {
            var cause = status.Details?.Causes?.FirstOrDefault(c => c.Reason == "ExitCode");
            if (cause?.Message is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
            {
                return code;
            }
        }

        return null;
    }

    public static Status ParseStatus(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, KubernetesJsonContext.Default.Status)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new ExecException($"The exec status channel carried something that is not a Status: {e.Message}", null, e);
        }
    }
}
