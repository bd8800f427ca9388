using LetsCode.Redis.Tests.Fixtures;
using LetsCode.Testing.Redis;

namespace LetsCode.Redis.Tests.Streams;

public sealed class StreamCommandTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;

    public StreamCommandTests(RedisServerFixture redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task Add_read_ack_through_a_consumer_group()
    {
        await using var client = await _redis.ConnectAsync();
        var stream = RedisServerFixture.Key("queue:python3");

        Assert.True(await client.StreamCreateGroupAsync(stream, "dispatchers", "0"));
        Assert.False(await client.StreamCreateGroupAsync(stream, "dispatchers", "0"));

        var id1 = await client.StreamAddAsync(stream, [new("submission", "s-1"), new("code", "print(1)")]);
        var id2 = await client.StreamAddAsync(stream, [new("submission", "s-2"), new("code", "print(2)")]);
        Assert.Equal(2, await client.StreamLengthAsync(stream));

        var read = await client.StreamReadGroupAsync(stream, "dispatchers", "api-1", count: 10);
        Assert.Equal([id1, id2], read.Select(e => e.Id));
        Assert.Equal("s-1", read[0]["submission"].ToString());
        Assert.Equal("print(2)", read[1]["code"].ToString());
        Assert.True(read[0]["absent"].IsNull);

        Assert.Empty(await client.StreamReadGroupAsync(stream, "dispatchers", "api-1"));

        // Pending entries of this consumer are re-read from id 0 (e.g. after a restart of the same replica).
        var pending = await client.StreamReadGroupAsync(stream, "dispatchers", "api-1", startId: "0");
        Assert.Equal(2, pending.Count);

        Assert.Equal(1, await client.StreamAckAsync(stream, "dispatchers", [id1]));
        Assert.Equal(0, await client.StreamAckAsync(stream, "dispatchers", [id1]));
        var summary = await client.StreamPendingAsync(stream, "dispatchers");
        Assert.Equal(1, summary.Count);
        Assert.Equal(id2, summary.SmallestId);
        Assert.Equal(1, summary.PerConsumer["api-1"]);
    }

    [Fact]
    public async Task Maxlen_approx_trims_and_delete_removes()
    {
        await using var client = await _redis.ConnectAsync();
        var stream = RedisServerFixture.Key("trim");

        string last = "";
        for (var i = 0; i < 1000; i++)
        {
            last = await client.StreamAddAsync(stream, [new("i", i)], maxLengthApprox: 100);
        }

        Assert.InRange(await client.StreamLengthAsync(stream), 100, 300);
        var tail = await client.StreamRangeAsync(stream, "(" + (await client.StreamRangeAsync(stream, count: 1))[0].Id, "+");
        Assert.Equal(await client.StreamLengthAsync(stream) - 1, tail.Count);
        Assert.Equal("999", tail[^1]["i"].ToString());
        Assert.Equal(2, (await client.StreamRangeAsync(stream, count: 2)).Count);
        Assert.Equal(1, await client.StreamDeleteAsync(stream, [last, "1-1"]));
    }

    [Fact]
    public async Task Pending_summary_and_extended_form_when_empty_and_when_owned()
    {
        await using var client = await _redis.ConnectAsync();
        var stream = RedisServerFixture.Key("pending");
        await client.StreamCreateGroupAsync(stream, "g");

        var empty = await client.StreamPendingAsync(stream, "g");
        Assert.Equal(0, empty.Count);
        Assert.Null(empty.SmallestId);
        Assert.Empty(empty.PerConsumer);

        var id = await client.StreamAddAsync(stream, [new("k", "v")]);
        await client.StreamReadGroupAsync(stream, "g", "alice");
        await Task.Delay(30);

        var entry = Assert.Single(await client.StreamPendingEntriesAsync(stream, "g", 10));
        Assert.Equal((id, "alice", 1L), (entry.Id, entry.Consumer, entry.DeliveryCount));
        Assert.True(entry.Idle >= TimeSpan.FromMilliseconds(20));
        Assert.Empty(await client.StreamPendingEntriesAsync(stream, "g", 10, consumer: "bob"));
        Assert.Empty(await client.StreamPendingEntriesAsync(stream, "g", 10, minIdle: TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Autoclaim_takes_over_a_dead_consumers_entries_and_reports_deleted_ones()
    {
        await using var crashed = await _redis.ConnectAsync();
        var stream = RedisServerFixture.Key("claim");
        await crashed.StreamCreateGroupAsync(stream, "g");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await crashed.StreamAddAsync(stream, [new("n", i)]));
        }

        Assert.Equal(5, (await crashed.StreamReadGroupAsync(stream, "g", "replica-a")).Count);
        await crashed.StreamDeleteAsync(stream, [ids[2]]);
        await crashed.DisposeAsync(); // replica-a dies holding all five.

        await using var survivor = await _redis.ConnectAsync();
        var tooSoon = await survivor.StreamAutoClaimAsync(stream, "g", "replica-b", TimeSpan.FromSeconds(30));
        Assert.Empty(tooSoon.Entries);

        // Redis drops vanished entries from the pending list on any scan, idle or not.
        Assert.Equal([ids[2]], tooSoon.DeletedIds);

        await Task.Delay(120);
        var claimed = new List<string>();
        var deleted = new List<string>();
        var cursor = "0-0";
        do
        {
            var page = await survivor.StreamAutoClaimAsync(stream, "g", "replica-b", TimeSpan.FromMilliseconds(100), cursor, count: 2);
            claimed.AddRange(page.Entries.Select(e => e.Id));
            deleted.AddRange(page.DeletedIds);
            cursor = page.NextStartId;
        }
        while (cursor != "0-0");

        Assert.Equal([ids[0], ids[1], ids[3], ids[4]], claimed);
        Assert.Empty(deleted);
        var owners = await survivor.StreamPendingEntriesAsync(stream, "g", 10);
        Assert.All(owners, p => Assert.Equal("replica-b", p.Consumer));
        Assert.All(owners, p => Assert.Equal(2, p.DeliveryCount));
        Assert.Equal(4, await survivor.StreamAckAsync(stream, "g", claimed));
    }

    [Fact]
    public async Task Group_info_reports_consumers_pending_and_lag()
    {
        await using var client = await _redis.ConnectAsync();
        var stream = RedisServerFixture.Key("info");
        await client.StreamCreateGroupAsync(stream, "g", "0");
        await client.StreamAddAsync(stream, [new("a", 1)]);
        var second = await client.StreamAddAsync(stream, [new("a", 2)]);
        await client.StreamReadGroupAsync(stream, "g", "c1", count: 1);

        var group = Assert.Single(await client.StreamGroupsAsync(stream));
        Assert.Equal(("g", 1L, 1L), (group.Name, group.Consumers, group.Pending));
        Assert.Equal(1, group.Lag);
        Assert.NotEqual(second, group.LastDeliveredId);
    }

    [Fact]
    public async Task Reading_a_missing_group_is_a_server_error_naming_it()
    {
        await using var client = await _redis.ConnectAsync();
        var error = await Assert.ThrowsAsync<RedisServerException>(
            () => client.StreamReadGroupAsync(RedisServerFixture.Key("nogroup"), "missing", "c"));
        Assert.Equal("NOGROUP", error.ErrorCode);
    }
}
