namespace LetsCode.Redis;

/// <summary>Hashes: HSET, HGET, HGETALL.</summary>
public sealed partial class RedisClient
{
    public async Task<long> HashSetAsync(string key, IReadOnlyList<KeyValuePair<string, RedisValue>> fields, CancellationToken cancellationToken = default)
    {
        if (fields.Count == 0)
        {
            throw new ArgumentException("HSET needs at least one field.", nameof(fields));
        }

        var args = new List<object>(2 + (2 * fields.Count)) { "HSET", key };
        foreach (var (field, value) in fields)
        {
            args.Add(field);
            args.Add(value);
        }

        return (await ExecuteAsync(args, cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    public async Task<RedisValue> HashGetAsync(string key, string field, CancellationToken cancellationToken = default) =>
        new((await RunAsync(cancellationToken, "HGET", key, field).ConfigureAwait(false)).AsBytes());

    public async Task<IReadOnlyDictionary<string, RedisValue>> HashGetAllAsync(string key, CancellationToken cancellationToken = default)
    {
        var flat = (await RunAsync(cancellationToken, "HGETALL", key).ConfigureAwait(false)).AsArray() ?? [];
        var result = new Dictionary<string, RedisValue>(flat.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            result[flat[i].AsString()!] = new RedisValue(flat[i + 1].AsBytes());
        }

        return result;
    }
}
