using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>A bare-bones exec client over ClientWebSocket, speaking the channel protocol directly.</summary>
internal sealed class ExecClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public string? Protocol => _socket.SubProtocol;

    public static async Task<ExecClient> ConnectAsync(Uri baseAddress, string query, params string[] protocols)
    {
        var client = new ExecClient();
        foreach (var protocol in protocols.Length > 0 ? protocols : ["v5.channel.k8s.io", "v4.channel.k8s.io"])
        {
            client._socket.Options.AddSubProtocol(protocol);
        }

        var uri = new Uri($"ws://{baseAddress.Authority}/api/v1/namespaces/default/pods/p/exec?{query}");
        await client._socket.ConnectAsync(uri, CancellationToken.None);
        return client;
    }

    public Task SendAsync(byte channel, ReadOnlyMemory<byte> data)
    {
        var frame = new byte[data.Length + 1];
        frame[0] = channel;
        data.CopyTo(frame.AsMemory(1));
        return _socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);
    }

    public Task CloseStdinAsync() => _socket.SendAsync(new byte[] { 255, 0 }, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>Reads every message until the server closes; returns stdout and stderr byte counts or contents, and the status.</summary>
    public async Task<Result> ReadAllAsync(Stream? stdoutSink = null, double timeoutSeconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var stdout = stdoutSink ?? new MemoryStream();
        var stderr = new MemoryStream();
        var status = new MemoryStream();
        var buffer = new byte[128 * 1024];
        int channel = -1;
        while (true)
        {
            var received = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close) break;
            var data = buffer.AsMemory(0, received.Count);
            if (channel < 0)
            {
                channel = data.Span[0];
                data = data[1..];
            }

            var sink = channel switch { 1 => stdout, 2 => stderr, 3 => status, _ => Stream.Null };
            await sink.WriteAsync(data, timeout.Token);
            if (received.EndOfMessage) channel = -1;
        }

        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        return new Result(stdout as MemoryStream, System.Text.Encoding.UTF8.GetString(stderr.ToArray()),
            status.Length == 0 ? null : JsonNode.Parse(status.ToArray())!.AsObject());
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    public sealed record Result(MemoryStream? Stdout, string Stderr, JsonObject? Status)
    {
        public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout!.ToArray());
    }
}
