using System.Net.Sockets;
using LetsCode.Testing.Redis;

namespace LetsCode.Testing.Tests.Redis;

public sealed class RedisServerTests
{
    [Fact]
    public async Task Serves_commands_and_comes_back_on_the_same_port_with_its_append_only_file_after_a_kill()
    {
        await using var server = await RedisServer.StartAsync("--appendonly", "yes", "--appendfsync", "always");
        var port = server.Port;
        Assert.Equal("PONG", await RespProbe.CommandAsync(port, "PING"));
        Assert.Equal("OK", await RespProbe.CommandAsync(port, "SET", "greeting", "hello"));

        await server.KillAsync();
        Assert.False(server.IsRunning);
        await Assert.ThrowsAnyAsync<SocketException>(() => RespProbe.CommandAsync(port, "PING"));

        await server.StartAgainAsync();
        Assert.Equal(port, server.Port);
        Assert.Equal("hello", await RespProbe.CommandAsync(port, "GET", "greeting"));
    }

    [Fact]
    public async Task Without_persistence_a_restarted_server_starts_empty()
    {
        await using var server = await RedisServer.StartAsync();
        await RespProbe.CommandAsync(server.Port, "SET", "k", "v");

        await server.RestartAsync();

        Assert.Null(await RespProbe.CommandAsync(server.Port, "GET", "k"));
    }

    [Fact]
    public async Task Dispose_stops_the_server_and_removes_its_directory()
    {
        var server = await RedisServer.StartAsync();
        var directory = server.Directory;
        Assert.True(Directory.Exists(directory));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(directory));
        await Assert.ThrowsAnyAsync<SocketException>(() => RespProbe.CommandAsync(server.Port, "PING"));
    }

    [Fact]
    public async Task A_bad_option_fails_the_start_with_the_servers_own_explanation()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RedisServer.StartAsync("--no-such-option", "1"));
        Assert.Contains("exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-option", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
