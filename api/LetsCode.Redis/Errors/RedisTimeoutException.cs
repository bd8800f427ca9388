namespace LetsCode.Redis;

/// <summary>The server did not answer within the command timeout. The command may still run.</summary>
public sealed class RedisTimeoutException : RedisException
{
    public RedisTimeoutException(string message)
        : base(message)
    {
    }
}
