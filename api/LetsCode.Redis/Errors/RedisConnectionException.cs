namespace LetsCode.Redis;

/// <summary>
/// The connection was lost or could not be made: a command in flight when the socket died, or no connection came
/// back within the reconnect timeout. Whether the command ran on the server is unknown.
/// </summary>
public sealed class RedisConnectionException : RedisException
{
    public RedisConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
