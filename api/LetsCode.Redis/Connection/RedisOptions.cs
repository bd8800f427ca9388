using System.Globalization;

namespace LetsCode.Redis.Connection;

/// <summary>
/// Where and how to connect. Parsed from the StackExchange.Redis-style string the configuration already uses:
/// <c>127.0.0.1:6379,password=secret,db=2,connectTimeout=5000</c> (times in milliseconds).
/// </summary>
public sealed record RedisOptions
{
    public const int DefaultPort = 6379;

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = DefaultPort;

    /// <summary>ACL user for <c>AUTH user password</c>; null means the <c>default</c> user.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    public int Database { get; init; }

    /// <summary>Sent as <c>CLIENT SETNAME</c>, so <c>CLIENT LIST</c> shows which replica holds which socket.</summary>
    public string? ClientName { get; init; }

    /// <summary>Time for one TCP connect plus handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time a command waits for its reply once sent (blocking commands add their own block time).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time a new command waits for a lost connection to come back before failing.</summary>
    public TimeSpan ReconnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When true (the default), <see cref="RedisClient.ConnectAsync(RedisOptions, CancellationToken)"/>
    /// fails if the first connection cannot be made; when false it returns at once and keeps trying.</summary>
    public bool AbortOnConnectFail { get; init; } = true;

    /// <summary>Most idle connections kept for blocking commands (each blocking call holds one while it waits).</summary>
    public int MaxIdleBlockingConnections { get; init; } = 16;

    /// <summary>Shortest and longest pause between reconnect attempts; the actual pause is jittered in between.</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Called on connection state changes (lost, reconnected, attempt failed), e.g. to log them.</summary>
    public Action<RedisConnectionEvent>? OnConnectionEvent { get; init; }

    public string EndPoint => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>host[:port][,key=value]*</c>.</summary>
    /// <exception cref="ArgumentException">Unknown key, bad number, or a missing host.</exception>
    public static RedisOptions Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new RedisOptions();
        var sawEndPoint = false;
        foreach (var rawPart in connectionString.Split(','))
        {
            var part = rawPart.Trim();
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                if (sawEndPoint)
                {
                    throw new ArgumentException($"Only one endpoint is supported, got a second one '{part}'.", nameof(connectionString));
                }

                options = WithEndPoint(options, part);
                sawEndPoint = true;
                continue;
            }

            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            options = key.ToLowerInvariant() switch
            {
                "password" => options with { Password = value },
                "user" or "username" => options with { User = value },
                "db" or "defaultdatabase" => options with { Database = ParseInt(key, value, 0) },
                "name" => options with { ClientName = value },
                "connecttimeout" => options with { ConnectTimeout = ParseMilliseconds(key, value) },
                "commandtimeout" or "synctimeout" or "asynctimeout" => options with { CommandTimeout = ParseMilliseconds(key, value) },
                "reconnecttimeout" => options with { ReconnectTimeout = ParseMilliseconds(key, value) },
                "abortconnect" => options with { AbortOnConnectFail = ParseBool(key, value) },
                _ => throw new ArgumentException($"Unknown Redis connection string option '{key}'.", nameof(connectionString)),
            };
        }

        return sawEndPoint ? options : throw new ArgumentException("The Redis connection string names no host.", nameof(connectionString));
    }

    private static RedisOptions WithEndPoint(RedisOptions options, string endPoint)
    {
        var colon = endPoint.LastIndexOf(':');
        if (colon < 0 || endPoint.EndsWith(']'))
        {
            return options with { Host = endPoint.Trim('[', ']') };
        }

        return options with
        {
            Host = endPoint[..colon].Trim('[', ']'),
            Port = ParseInt("port", endPoint[(colon + 1)..], 1, 65535),
        };
    }

    private static int ParseInt(string key, string value, int min, int max = int.MaxValue) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new ArgumentException($"Redis option '{key}' must be an integer in {min}..{max}, got '{value}'.");

    private static TimeSpan ParseMilliseconds(string key, string value) =>
        TimeSpan.FromMilliseconds(ParseInt(key, value, 1));

    private static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var parsed)
            ? parsed
            : throw new ArgumentException($"Redis option '{key}' must be true or false, got '{value}'.");
}
