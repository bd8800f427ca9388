using LetsCode.Redis.Connection;

namespace LetsCode.Redis.Tests.Connection;

public sealed class RedisOptionsTests
{
    [Fact]
    public void Parses_endpoint_credentials_database_and_timeouts()
    {
        var options = RedisOptions.Parse("redis.local:6380, password=p@ss=word ,user=api,db=3,connectTimeout=1500,syncTimeout=250,reconnectTimeout=9000,name=api-1,abortConnect=false");

        Assert.Equal(("redis.local", 6380), (options.Host, options.Port));
        Assert.Equal("p@ss=word", options.Password);
        Assert.Equal("api", options.User);
        Assert.Equal(3, options.Database);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(9), options.ReconnectTimeout);
        Assert.Equal("api-1", options.ClientName);
        Assert.False(options.AbortOnConnectFail);
    }

    [Fact]
    public void Port_defaults_to_6379()
    {
        Assert.Equal(("localhost", 6379), (RedisOptions.Parse("localhost").Host, RedisOptions.Parse("localhost").Port));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("db=1", "no host")]
    [InlineData("h:1,bogus=1", "Unknown Redis connection string option 'bogus'")]
    [InlineData("h:99999", "port")]
    [InlineData("h,db=-1", "db")]
    [InlineData("h,connectTimeout=soon", "connectTimeout")]
    [InlineData("a:1,b:2", "Only one endpoint")]
    public void Rejects_bad_strings_with_a_message_naming_the_problem(string text, string message)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => RedisOptions.Parse(text));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
