using Xunit;

namespace LetsCode.Testing.Redis;

/// <summary>
/// One redis-server shared by a test class (<c>IClassFixture&lt;RedisServerFixture&gt;</c>). Tests in the class use
/// distinct keys (<see cref="Key"/>); a test that kills or restarts the server should own a <see cref="RedisServer"/>
/// of its own instead.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The redis-server fixture is not started.");

    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A key no other test uses.</summary>
    public static string Key(string prefix) => $"{prefix}:{Guid.NewGuid():N}";
}
