using System.Net.WebSockets;
using System.Text.Json;
using LetsCode.Api.Http;
using LetsCode.Api.Live;
using LetsCode.Api.Validation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Endpoints;

/// <summary>
/// WebSocket /ws?userId=...: the user's status_update messages in order, and system_status every few seconds
/// (one is sent right after connecting). Messages are JSON text frames <c>{"type": ..., "data": {...}}</c>.
/// </summary>
public static class LiveEndpoints
{
    public static IEndpointRouteBuilder MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        app.Map("/ws", ConnectAsync).WithName("LiveUpdates").ExcludeFromDescription();
        return app;
    }

    private static async Task ConnectAsync(
        HttpContext context, string? userId, ILiveUpdates live, SystemStatusBroadcaster status, IOptions<JsonOptions> json,
        IHostApplicationLifetime lifetime)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ApiProblems.Invalid("connection", "this endpoint needs a WebSocket upgrade").ExecuteAsync(context);
            return;
        }
        if (!RequestRules.IsUserId(userId))
        {
            await ApiProblems.Invalid("userId", "userId must be 1-128 characters of letters, digits and . _ @ -").ExecuteAsync(context);
            return;
        }

        using var subscription = live.Subscribe(userId!);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        // Stopping the service ends live connections promptly instead of holding shutdown open.
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var options = json.Value.SerializerOptions;
        // Reading is needed to notice the client's close frame; we ignore whatever else it sends.
        var reader = DrainAsync(socket, closing);
        try
        {
            await SendAsync(socket, LiveMessage.System(status.Snapshot()), options, closing.Token);
            await foreach (var message in subscription.Messages.ReadAllAsync(closing.Token))
            {
                await SendAsync(socket, message, options, closing.Token);
            }
            // The subscription ended (the client fell too far behind): tell it to resynchronise.
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "fell behind; reconnect and GET your submissions", CancellationToken.None);
        }
        catch (Exception ex) when (IsConnectionGone(ex) || ex is InvalidOperationException)
        {
            // client went away, or the server is stopping
        }
        finally
        {
            await closing.CancelAsync();
            await reader;
        }
        if (socket.State == WebSocketState.CloseReceived)
        {
            // Complete the closing handshake the client started.
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // gone already
            }
        }
    }

    private static async Task SendAsync(WebSocket socket, LiveMessage message, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { type = message.Type, data = message.Data }, options);
        await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource closing)
    {
        var buffer = new byte[4096];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, closing.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            // connection gone
        }
        finally
        {
            await closing.CancelAsync();
        }
    }

    // A client that drops the connection without a close frame surfaces as an IOException ("the remote end
    // closed the connection") or a disposed socket, depending on the server; both are an ordinary goodbye.
    private static bool IsConnectionGone(Exception ex) =>
        ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException;
}
