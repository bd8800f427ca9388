using System.Net.Sockets;
using System.Text;

namespace LetsCode.Testing.Tests.Redis;

/// <summary>
/// Just enough RESP (arrays of bulk strings out, one simple/bulk/integer reply in) to prove the fixture's server
/// works, without depending on the LetsCode.Redis client that is tested against this fixture.
/// </summary>
internal static class RespProbe
{
    public static async Task<string?> CommandAsync(int port, params string[] parts)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var stream = client.GetStream();
        var request = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var line = await reader.ReadLineAsync() ?? throw new InvalidOperationException("redis-server closed the connection.");
        return line[0] switch
        {
            '+' or ':' => line[1..],
            '-' => throw new InvalidOperationException("redis error: " + line[1..]),
            '$' when line == "$-1" => null,
            '$' => await reader.ReadLineAsync(),
            _ => throw new InvalidOperationException("unexpected reply: " + line),
        };
    }
}
