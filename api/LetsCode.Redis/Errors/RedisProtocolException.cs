namespace LetsCode.Redis;

/// <summary>The bytes from the server are not valid RESP, or a reply does not have the shape a command expects.</summary>
public sealed class RedisProtocolException : RedisException
{
    public RedisProtocolException(string message)
        : base(message)
    {
    }
}
