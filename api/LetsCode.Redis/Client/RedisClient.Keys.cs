namespace LetsCode.Redis;

/// <summary>Keys and strings: GET, SET, DEL, EXPIRE, INCR/INCRBY.</summary>
public sealed partial class RedisClient
{
    public async Task<RedisValue> GetAsync(string key, CancellationToken cancellationToken = default) =>
        new((await RunAsync(cancellationToken, "GET", key).ConfigureAwait(false)).AsBytes());

    public async Task<bool> SetAsync(string key, RedisValue value, TimeSpan? expiry = null, bool onlyIfNotExists = false, CancellationToken cancellationToken = default)
    {
        if (value.IsNull)
        {
            throw new ArgumentException("Redis cannot store a null value; delete the key instead.", nameof(value));
        }

        var args = new List<object>(6) { "SET", key, value };
        if (expiry is { } ttl)
        {
            args.AddRange(ExpiryArguments(ttl, "EX", "PX"));
        }

        if (onlyIfNotExists)
        {
            args.Add("NX");
        }

        // "OK" when written; nil when NX found the key.
        return !(await ExecuteAsync(args, cancellationToken).ConfigureAwait(false)).IsNull;
    }

    public async Task<long> DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
        {
            return 0;
        }

        return (await ExecuteAsync(["DEL", .. keys], cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    public async Task<bool> ExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        var args = ExpiryArguments(expiry, "EXPIRE", "PEXPIRE");
        return (await RunAsync(cancellationToken, args[0], key, args[1]).ConfigureAwait(false)).AsInt64() == 1;
    }

    public async Task<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default) =>
        (by == 1
            ? await RunAsync(cancellationToken, "INCR", key).ConfigureAwait(false)
            : await RunAsync(cancellationToken, "INCRBY", key, by).ConfigureAwait(false)).AsInt64();

    /// <summary>Seconds when the span is whole seconds (the common case), milliseconds otherwise.</summary>
    private static object[] ExpiryArguments(TimeSpan expiry, string seconds, string milliseconds)
    {
        if (expiry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), expiry, "An expiry must be positive.");
        }

        return expiry.Ticks % TimeSpan.TicksPerSecond == 0
            ? [seconds, (long)expiry.TotalSeconds]
            : [milliseconds, (long)Math.Ceiling(expiry.TotalMilliseconds)];
    }
}
