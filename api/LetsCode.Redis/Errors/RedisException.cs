namespace LetsCode.Redis;

/// <summary>Base of every error this client raises, so callers can catch Redis failures in one place.</summary>
public class RedisException : Exception
{
    public RedisException(string message)
        : base(message)
    {
    }

    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
