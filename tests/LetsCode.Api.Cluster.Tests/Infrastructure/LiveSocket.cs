using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace LetsCode.Api.Cluster.Tests.Infrastructure;

/// <summary>Reads the service's WebSocket stream (/ws) one JSON message at a time.</summary>
public static class LiveSocket
{
    public static async Task<JsonElement> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone();
    }
}
