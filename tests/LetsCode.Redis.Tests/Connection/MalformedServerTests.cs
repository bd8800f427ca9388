using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LetsCode.Redis.Tests.Connection;

/// <summary>
/// A peer that is not Redis (or is broken) must not hang or crash the client: the socket is dropped and the caller
/// gets a connection error that names the protocol problem.
/// </summary>
public sealed class MalformedServerTests
{
    [Fact]
    public async Task Garbage_from_the_server_fails_the_command_with_the_protocol_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[1024];
            await socket.ReceiveAsync(buffer);
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n"));
            await Task.Delay(2000);
        });

        await using var client = await RedisClient.ConnectAsync($"127.0.0.1:{port},reconnectTimeout=300");
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.ExecuteAsync("PING"));

        Assert.IsType<RedisProtocolException>(error.InnerException);
        Assert.Contains("Unknown RESP type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_makes_commands_time_out()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptSocketAsync();

        await using var client = await RedisClient.ConnectAsync($"127.0.0.1:{port},commandTimeout=200");
        await Assert.ThrowsAsync<RedisTimeoutException>(() => client.ExecuteAsync("PING"));
        (await accepted).Dispose();
    }
}
