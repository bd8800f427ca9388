using LetsCode.Testing.Redis;

namespace LetsCode.Redis.Tests.Fixtures;

/// <summary>Connects our client to the shared redis-server fixture of LetsCode.Testing.</summary>
public static class RedisServerFixtureExtensions
{
    public static Task<RedisClient> ConnectAsync(this RedisServerFixture fixture, string extraOptions = "") =>
        RedisClient.ConnectAsync(fixture.ConnectionString + extraOptions);
}
