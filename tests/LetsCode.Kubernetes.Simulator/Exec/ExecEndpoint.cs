using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Api;
using Microsoft.AspNetCore.Http;

namespace LetsCode.Kubernetes.Simulator.Exec;

/// <summary>
/// pods/exec over WebSocket, subprotocols v5.channel.k8s.io and v4.channel.k8s.io: binary messages whose first
/// byte is the channel (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize; v5 adds [255, 0] = stdin closed), and a
/// final metav1 Status on channel 3. Streams in both directions with backpressure, never buffering a whole stream.
/// An exec into a pod that is deleted or stops is cut off abruptly, as when the container dies.
/// </summary>
internal sealed class ExecEndpoint
{
    private static readonly string[] Protocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"];
    private readonly ObjectStore _store;
    private readonly IExecHandler _handler;
    private readonly ConcurrentDictionary<object, (string PodUid, CancellationTokenSource Cut)> _sessions = new();

    public ExecEndpoint(ResourceOperations operations, IExecHandler handler)
    {
        _store = operations.Store;
        _handler = handler;
        operations.PodGone += CutSessionsOf;
    }

    public async Task HandleAsync(HttpContext context, string ns, string podName)
    {
        var query = context.Request.Query;
        var command = query["command"].Where(c => c is not null).Select(c => c!).ToList();
        var container = query["container"].ToString();
        var wantStdin = IsTrue(query["stdin"]);
        var wantStdout = IsTrue(query["stdout"]);
        var wantStderr = IsTrue(query["stderr"]);
        string podUid;
        lock (_store.Gate)
        {
            var pod = _store.Get(BuiltInResources.Pods.Name, ns, podName)?.Node
                ?? throw ApiException.NotFound(BuiltInResources.Pods.Name, podName);
            var containers = (pod["spec"]?["containers"] as JsonArray ?? []).Select(c => (string?)c?["name"] ?? "").ToList();
            if (container.Length == 0)
            {
                container = containers.Count == 1 ? containers[0] : throw ApiException.BadRequest(
                    $"a container name must be specified for pod {podName}, choose one of: [{string.Join(' ', containers)}]");
            }
            else if (!containers.Contains(container))
            {
                throw ApiException.BadRequest($"container {container} is not valid for pod {podName}");
            }

            var phase = (string?)pod["status"]?["phase"];
            if (phase is "Succeeded" or "Failed")
            {
                throw ApiException.BadRequest($"cannot exec into a container in a completed pod; current phase is {phase}");
            }

            if (pod["spec"]?["nodeName"] is null) throw ApiException.BadRequest($"pod {podName} does not have a host assigned");
            if (phase != "Running") throw ApiException.BadRequest($"unable to upgrade connection: container not found (\"{container}\")");
            podUid = Meta.Uid(pod) ?? "";
        }

        if (command.Count == 0) throw ApiException.BadRequest("you must specify at least 1 command");
        if (!context.WebSockets.IsWebSocketRequest) throw ApiException.BadRequest("Upgrade request required");
        var protocol = Protocols.FirstOrDefault(p => context.WebSockets.WebSocketRequestedProtocols.Contains(p))
            ?? throw ApiException.BadRequest(
                $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', context.WebSockets.WebSocketRequestedProtocols)}], server supports [{string.Join(' ', Protocols)}]");

        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol).ConfigureAwait(false);
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var session = new object();
        _sessions[session] = (podUid, cut);
        try
        {
            lock (_store.Gate)
            {
                // The pod may have gone between the checks and the upgrade.
                if (_store.Get(BuiltInResources.Pods.Name, ns, podName) is null) cut.Cancel();
            }

            await RunAsync(socket, new ExecRequest(ns, podName, container, command, wantStdin, wantStdout, wantStderr), cut.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cut.IsCancellationRequested)
        {
            context.Abort();
        }
        catch (WebSocketException)
        {
            context.Abort();
        }
        finally
        {
            _sessions.TryRemove(session, out _);
        }
    }

    private async Task RunAsync(WebSocket socket, ExecRequest request, CancellationToken cancellationToken)
    {
        using var sendLock = new SemaphoreSlim(1, 1);
        var stdin = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        if (!request.Stdin) await stdin.Writer.CompleteAsync().ConfigureAwait(false);
        var reader = ReadClientAsync(socket, stdin.Writer, request.Stdin, cancellationToken);

        var stdout = request.Stdout ? new ChannelWriteStream(socket, 1, sendLock) : Stream.Null;
        var stderr = request.Stderr ? new ChannelWriteStream(socket, 2, sendLock) : Stream.Null;
        JsonObject status;
        await using (var stdinStream = stdin.Reader.AsStream())
        {
            try
            {
                var exitCode = await _handler.ExecAsync(
                    new ExecContext(request.Namespace, request.Pod, request.Container, request.Command, stdinStream, stdout, stderr),
                    cancellationToken).ConfigureAwait(false);
                status = StatusFor(request, exitCode);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                status = new JsonObject
                {
                    ["metadata"] = new JsonObject(),
                    ["status"] = "Failure",
                    ["message"] = $"Internal error occurred: error executing command in container: {e.Message}",
                    ["reason"] = "InternalError",
                    ["code"] = 500,
                };
            }
        }

        await stdin.Reader.CompleteAsync().ConfigureAwait(false);
        await new ChannelWriteStream(socket, 3, sendLock).WriteAsync(Encoding.UTF8.GetBytes(status.ToJsonString()), cancellationToken)
            .ConfigureAwait(false);
        await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            sendLock.Release();
        }

        // Give the client a moment to answer the close; its reader ends with the close handshake.
        await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken)).ConfigureAwait(false);
    }

    private static async Task ReadClientAsync(WebSocket socket, PipeWriter stdin, bool wantStdin, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int channel = -1;
        var stdinOpen = wantStdin;
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var received = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close) break;
                var data = buffer.AsMemory(0, received.Count);
                if (channel < 0 && data.Length > 0)
                {
                    channel = data.Span[0];
                    data = data[1..];
                    if (channel == 255 && stdinOpen)
                    {
                        // v5: [255, 0] closes stdin.
                        if (data.Length == 0 || data.Span[0] == 0)
                        {
                            stdinOpen = false;
                            await stdin.CompleteAsync().ConfigureAwait(false);
                        }
                    }
                }

                if (channel == 0 && stdinOpen && data.Length > 0)
                {
                    var flushed = await stdin.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                    if (flushed.IsCompleted)
                    {
                        stdinOpen = false;
                        await stdin.CompleteAsync().ConfigureAwait(false);
                    }
                }

                if (received.EndOfMessage) channel = -1;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            if (stdinOpen) await stdin.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static JsonObject StatusFor(ExecRequest request, int exitCode)
    {
        if (exitCode == 0) return new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" };
        return new JsonObject
        {
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = $"command terminated with non-zero exit code: error executing command [{string.Join(' ', request.Command)}], exit code {exitCode}",
            ["reason"] = "NonZeroExitCode",
            ["details"] = new JsonObject
            {
                ["causes"] = new JsonArray(new JsonObject
                {
                    ["reason"] = "ExitCode",
                    ["message"] = exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }),
            },
        };
    }

    /// <summary>Aborts every exec connection (the simulator is shutting down).</summary>
    public void CutAll()
    {
        foreach (var (_, session) in _sessions) Cancel(session.Cut);
    }

    private void CutSessionsOf(string podUid)
    {
        foreach (var (_, session) in _sessions)
        {
            // Called under the store lock: cancel elsewhere so no handler callback runs while it is held.
            if (session.PodUid == podUid) ThreadPool.QueueUserWorkItem(static cut => Cancel(cut), session.Cut, false);
        }
    }

    private static void Cancel(CancellationTokenSource cut)
    {
        try
        {
            cut.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The session ended meanwhile.
        }
    }

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private sealed record ExecRequest(string Namespace, string Pod, string Container, IReadOnlyList<string> Command,
        bool Stdin, bool Stdout, bool Stderr);
}
