using System.Buffers;
using System.Net.WebSockets;
using LetsCode.Kubernetes.Client;
using Microsoft.Extensions.Logging;

namespace LetsCode.Kubernetes.Exec;

/// <summary>
/// Pod exec over a WebSocket (GET .../pods/NAME/exec upgraded), asking for v5.channel.k8s.io and accepting
/// v4.channel.k8s.io. Stdin is pumped from its Stream in frames of at most <see cref="MaxFrameData"/> bytes while
/// stdout/stderr frames are written to their Streams as they arrive: both directions run at once, so a command that
/// echoes many MiB never deadlocks on full buffers, and memory stays at a few frames whatever the size.
/// </summary>
public sealed class PodExecutor : IPodExecutor
{
    /// <summary>Payload bytes per stdin frame: well under every server's frame limit, big enough to be cheap.</summary>
    public const int MaxFrameData = 32 * 1024;

    private const int ReceiveBufferSize = 64 * 1024;
    private const int MaxStatusBytes = 1024 * 1024;

    private readonly KubernetesApiClient _api;
    private readonly ILogger _logger;

    public PodExecutor(KubernetesApiClient api)
    {
        _api = api;
        _logger = api.LoggerFactory.CreateLogger<PodExecutor>();
    }

    /// <summary>Which subprotocols to offer, best first (tests narrow it to exercise the v4 path).</summary>
    public IReadOnlyList<string> Protocols { get; init; } = [ExecChannel.V5Protocol, ExecChannel.V4Protocol];

    public async Task<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(request.Command.Count);
        using var socket = new ClientWebSocket();
        foreach (var protocol in Protocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }

        socket.Options.CollectHttpResponseDetails = true;
        var uri = ExecUri(request);
        try
        {
            await socket.ConnectAsync(uri, _api.Invoker, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException e) when (!cancellationToken.IsCancellationRequested)
        {
            var code = (int)socket.HttpStatusCode;
            throw new ExecException(
                $"Exec into {request.Namespace}/{request.Pod} was refused{(code > 0 ? $" with HTTP {code}" : "")}: {e.Message}", null, e)
            {
                HttpStatusCode = code > 0 ? code : null,
            };
        }

        var protocolUsed = socket.SubProtocol;
        if (protocolUsed is not (ExecChannel.V5Protocol or ExecChannel.V4Protocol))
        {
            await CloseQuietlyAsync(socket).ConfigureAwait(false);
            throw new ExecException($"The server chose no supported exec subprotocol (got '{protocolUsed ?? "none"}').");
        }

        if (protocolUsed == ExecChannel.V4Protocol && request.Stdin is not null && request.RequireStdinEof)
        {
            await CloseQuietlyAsync(socket).ConfigureAwait(false);
            throw new ExecException(
                "The API server only speaks v4.channel.k8s.io, which cannot signal the end of stdin (Kubernetes 1.30+ has v5); refusing to start a command that would wait forever.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = request.Stdin is null
            ? Task.CompletedTask
            : PumpStdinAsync(socket, request.Stdin, closeWhenDone: protocolUsed == ExecChannel.V5Protocol, stop.Token);
        try
        {
            var status = await ReceiveAsync(socket, request, stop.Token).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await IgnoreFailure(pump).ConfigureAwait(false);
            await CloseQuietlyAsync(socket).ConfigureAwait(false);
            if (status is null)
            {
                throw new ExecException($"The exec stream of {request.Namespace}/{request.Pod} ended without a status: the command's outcome is unknown.");
            }

            var exitCode = ExecFrameCodec.ExitCode(status);
            return exitCode is { } value
                ? new ExecResult(value, protocolUsed, status)
                : throw new ExecException($"Exec in {request.Namespace}/{request.Pod} failed: {status.Reason}: {status.Message}", status);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await IgnoreFailure(pump).ConfigureAwait(false);
        }
    }

    private Uri ExecUri(ExecRequest request)
    {
        var query = new List<KeyValuePair<string, string?>>
        {
            new("container", request.Container),
            new("stdin", request.Stdin is null ? null : "true"),
            new("stdout", "true"),
            new("stderr", "true"),
        };
        query.AddRange(request.Command.Select(argument => new KeyValuePair<string, string?>("command", argument)));
        var path = $"/api/v1/namespaces/{Uri.EscapeDataString(request.Namespace)}/pods/{Uri.EscapeDataString(request.Pod)}/exec";
        var builder = new UriBuilder(_api.BuildUri(path, query));
        builder.Scheme = builder.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return builder.Uri;
    }

    /// <summary>Reads frames until the server closes; returns the Status from channel 3 (null if none came).</summary>
    private async Task<Models.Status?> ReceiveAsync(ClientWebSocket socket, ExecRequest request, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        using var statusBytes = new MemoryStream();
        var sawStatus = false;
        try
        {
            var channel = -1;
            while (true)
            {
                ValueWebSocketReceiveResult received;
                try
                {
                    received = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
                catch (WebSocketException e) when (!cancellationToken.IsCancellationRequested)
                {
                    // The server dropped the connection without a close frame. After the status that is harmless.
                    if (sawStatus)
                    {
                        break;
                    }

                    throw new ExecException($"The exec stream of {request.Namespace}/{request.Pod} broke: {e.Message}", null, e);
                }

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var data = buffer.AsMemory(0, received.Count);
                if (channel < 0)
                {
                    // A new message: its first byte names the channel; later fragments continue it.
                    if (data.Length == 0)
                    {
                        continue;
                    }

                    channel = data.Span[0];
                    data = data[1..];
                }

                if (data.Length > 0)
                {
                    switch (channel)
                    {
                        case ExecChannel.Stdout when request.Stdout is not null:
                            await request.Stdout.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                            break;
                        case ExecChannel.Stderr when request.Stderr is not null:
                            await request.Stderr.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                            break;
                        case ExecChannel.Status:
                            if (statusBytes.Length + data.Length > MaxStatusBytes)
                            {
                                throw new ExecException("The exec status message is implausibly large.");
                            }

                            statusBytes.Write(data.Span);
                            break;
                    }
                }

                if (received.EndOfMessage)
                {
                    sawStatus |= channel == ExecChannel.Status && statusBytes.Length > 0;
                    channel = -1;
                }
            }

            return statusBytes.Length > 0 ? ExecFrameCodec.ParseStatus(statusBytes.ToArray()) : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PumpStdinAsync(ClientWebSocket socket, Stream stdin, bool closeWhenDone, CancellationToken cancellationToken)
    {
        var frame = ArrayPool<byte>.Shared.Rent(MaxFrameData + 1);
        try
        {
            frame[0] = ExecChannel.Stdin;
            while (true)
            {
                var read = await stdin.ReadAsync(frame.AsMemory(1, MaxFrameData), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await socket.SendAsync(frame.AsMemory(0, read + 1), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken)
                    .ConfigureAwait(false);
            }

            if (closeWhenDone)
            {
                await socket.SendAsync(ExecFrameCodec.CloseFrame(ExecChannel.Stdin), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // The command exited (and the server closed) before reading all of stdin: normal for many commands.
            _logger.LogDebug(e, "Stopped sending stdin: the exec stream closed");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closing is a courtesy; the result is already known.
        }
    }

    private static async Task IgnoreFailure(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
            // The stdin pump ends with the stream; its errors do not change the outcome.
        }
    }
}
