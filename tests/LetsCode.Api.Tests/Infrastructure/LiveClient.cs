using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;

namespace LetsCode.Api.Tests.Infrastructure;

/// <summary>A /ws connection that collects every message it receives.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly WebSocket socket;
    private readonly Task pump;
    private readonly List<JsonObject> messages = [];
    private readonly Lock gate = new();

    private LiveClient(WebSocket socket)
    {
        this.socket = socket;
        pump = Task.Run(PumpAsync);
    }

    public static async Task<LiveClient> ConnectAsync(TestServer server, string userId)
    {
        var client = server.CreateWebSocketClient();
        var socket = await client.ConnectAsync(new Uri(server.BaseAddress, $"ws?userId={Uri.EscapeDataString(userId)}"), CancellationToken.None);
        return new LiveClient(socket);
    }

    public IReadOnlyList<JsonObject> Messages
    {
        get
        {
            lock (gate)
            {
                return messages.ToList();
            }
        }
    }

    public IReadOnlyList<JsonObject> Of(string type) => Messages.Where(m => (string?)m["type"] == type).ToList();

    public async Task WaitUntilAsync(Func<IReadOnlyList<JsonObject>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Messages))
        {
            Assert.True(DateTime.UtcNow < deadline, "expected WebSocket messages did not arrive: " + string.Join("\n", Messages.Select(m => m.ToJsonString())));
            await Task.Delay(20);
        }
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
                if (received.EndOfMessage)
                {
                    var message = JsonNode.Parse(text.ToString())!.AsObject();
                    text.Clear();
                    lock (gate)
                    {
                        messages.Add(message);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // server went away
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                // CloseOutputAsync, not CloseAsync: the pump is already receiving, and the server answers our close with its own.
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // already closed
        }
        await Task.WhenAny(pump, Task.Delay(2000));
        socket.Dispose();
    }
}
