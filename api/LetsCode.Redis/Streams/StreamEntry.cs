namespace LetsCode.Redis.Streams;

/// <summary>
/// One stream entry. <see cref="IsDeleted"/> marks a pending entry whose content was XDEL'd or trimmed away while
/// still unacknowledged: Redis returns its id with no fields.
/// </summary>
public sealed record StreamEntry(string Id, IReadOnlyList<KeyValuePair<string, RedisValue>> Fields)
{
    public bool IsDeleted { get; init; }

    /// <summary>The first field with this name, or null.</summary>
    public RedisValue this[string field]
    {
        get
        {
            foreach (var pair in Fields)
            {
                if (pair.Key == field)
                {
                    return pair.Value;
                }
            }

            return RedisValue.Null;
        }
    }
}
