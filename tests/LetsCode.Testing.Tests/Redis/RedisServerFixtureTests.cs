using LetsCode.Testing.Redis;

namespace LetsCode.Testing.Tests.Redis;

public sealed class RedisServerFixtureTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;

    public RedisServerFixtureTests(RedisServerFixture redis) => _redis = redis;

    [Fact]
    public async Task The_shared_server_answers_on_its_loopback_connection_string()
    {
        Assert.Equal($"127.0.0.1:{_redis.Server.Port}", _redis.ConnectionString);
        var key = RedisServerFixture.Key("shared");
        Assert.NotEqual(key, RedisServerFixture.Key("shared"));

        Assert.Equal("1", await RespProbe.CommandAsync(_redis.Server.Port, "INCR", key));
        Assert.Equal("2", await RespProbe.CommandAsync(_redis.Server.Port, "INCR", key));
    }
}
