namespace LetsCode.Redis;

/// <summary>The server answered with an error reply (for example <c>ERR</c>, <c>WRONGTYPE</c>, <c>NOSCRIPT</c>).</summary>
public sealed class RedisServerException : RedisException
{
    public RedisServerException(string message)
        : base(message)
    {
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        ErrorCode = space > 0 ? message[..space] : message;
    }

    /// <summary>The first word of the server's message, e.g. <c>ERR</c>, <c>WRONGTYPE</c>, <c>BUSYGROUP</c>.</summary>
    public string ErrorCode { get; }
}
