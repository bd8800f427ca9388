namespace LetsCode.Redis.Connection;

public enum RedisConnectionEventKind
{
    Connected,
    ConnectionLost,
    ConnectAttemptFailed,
    /// <summary>A pub/sub handler threw; the subscription keeps delivering.</summary>
    HandlerFailed,
}

/// <summary>What happened to which connection ("interactive", "subscriber", "blocking") and why.</summary>
public sealed record RedisConnectionEvent(RedisConnectionEventKind Kind, string Role, string EndPoint, Exception? Error);
