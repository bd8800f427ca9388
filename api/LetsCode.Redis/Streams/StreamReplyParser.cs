using LetsCode.Redis.Protocol;

namespace LetsCode.Redis.Streams;

/// <summary>Turns the nested arrays of stream replies into records. Pure, so every shape is unit-testable.</summary>
public static class StreamReplyParser
{
    /// <summary>XREADGROUP / XREAD for one key: <c>[[key, [[id, [f, v, ...]], ...]]]</c>, or null on timeout.</summary>
    public static IReadOnlyList<StreamEntry> ParseRead(RespValue reply)
    {
        var streams = reply.AsArray();
        if (streams is null || streams.Length == 0)
        {
            return [];
        }

        var result = new List<StreamEntry>();
        foreach (var stream in streams)
        {
            var pair = Expect(stream, 2, "XREADGROUP stream");
            result.AddRange(ParseEntries(pair[1]));
        }

        return result;
    }

    /// <summary>A list of entries as XRANGE, XCLAIM and XAUTOCLAIM return them.</summary>
    public static IReadOnlyList<StreamEntry> ParseEntries(RespValue reply)
    {
        var items = reply.AsArray() ?? [];
        var entries = new List<StreamEntry>(items.Length);
        foreach (var item in items)
        {
            if (item.IsNull)
            {
                continue; // XCLAIM reports vanished entries as nil in older servers.
            }

            var entry = Expect(item, 2, "stream entry");
            var id = entry[0].AsString()!;
            var flat = entry[1].AsArray();
            if (flat is null)
            {
                entries.Add(new StreamEntry(id, []) { IsDeleted = true });
                continue;
            }

            if (flat.Length % 2 != 0)
            {
                throw new RedisProtocolException($"Stream entry {id} has an odd number of field items.");
            }

            var fields = new KeyValuePair<string, RedisValue>[flat.Length / 2];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = new(flat[2 * i].AsString()!, new RedisValue(flat[(2 * i) + 1].AsBytes()));
            }

            entries.Add(new StreamEntry(id, fields));
        }

        return entries;
    }

    public static StreamPendingSummary ParsePendingSummary(RespValue reply)
    {
        var items = Expect(reply, 4, "XPENDING summary");
        var perConsumer = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var consumer in items[3].AsArray() ?? [])
        {
            var pair = Expect(consumer, 2, "XPENDING consumer");
            perConsumer[pair[0].AsString()!] = pair[1].AsInt64();
        }

        return new StreamPendingSummary(items[0].AsInt64(), items[1].AsString(), items[2].AsString(), perConsumer);
    }

    public static IReadOnlyList<StreamPendingEntry> ParsePendingEntries(RespValue reply) =>
        (reply.AsArray() ?? [])
            .Select(item => Expect(item, 4, "XPENDING entry"))
            .Select(e => new StreamPendingEntry(
                e[0].AsString()!, e[1].AsString()!, TimeSpan.FromMilliseconds(e[2].AsInt64()), e[3].AsInt64()))
            .ToList();

    public static StreamAutoClaimResult ParseAutoClaim(RespValue reply)
    {
        var items = reply.AsArray() ?? throw new RedisProtocolException("XAUTOCLAIM returned nil.");
        if (items.Length < 2)
        {
            throw new RedisProtocolException($"XAUTOCLAIM reply has {items.Length} items, expected 2 or 3.");
        }

        var deleted = items.Length > 2
            ? (items[2].AsArray() ?? []).Select(d => d.AsString()!).ToList()
            : [];
        return new StreamAutoClaimResult(items[0].AsString()!, ParseEntries(items[1]), deleted);
    }

    public static IReadOnlyList<StreamGroupInfo> ParseGroups(RespValue reply)
    {
        var groups = new List<StreamGroupInfo>();
        foreach (var group in reply.AsArray() ?? [])
        {
            var flat = group.AsArray() ?? [];
            var map = new Dictionary<string, RespValue>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < flat.Length; i += 2)
            {
                map[flat[i].AsString()!] = flat[i + 1];
            }

            groups.Add(new StreamGroupInfo(
                Get(map, "name").AsString()!,
                Get(map, "consumers").AsInt64(),
                Get(map, "pending").AsInt64(),
                Get(map, "last-delivered-id").AsString()!,
                map.TryGetValue("entries-read", out var read) && !read.IsNull ? read.AsInt64() : null,
                map.TryGetValue("lag", out var lag) && !lag.IsNull ? lag.AsInt64() : null));
        }

        return groups;
    }

    private static RespValue Get(Dictionary<string, RespValue> map, string key) =>
        map.TryGetValue(key, out var value) ? value : throw new RedisProtocolException($"XINFO GROUPS row lacks '{key}'.");

    private static RespValue[] Expect(RespValue value, int minLength, string what)
    {
        var items = value.AsArray();
        return items is not null && items.Length >= minLength
            ? items
            : throw new RedisProtocolException($"Malformed {what}: {value}");
    }
}
