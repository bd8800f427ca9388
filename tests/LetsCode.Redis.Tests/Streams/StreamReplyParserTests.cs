using LetsCode.Redis.Protocol;
using LetsCode.Redis.Streams;

namespace LetsCode.Redis.Tests.Streams;

public sealed class StreamReplyParserTests
{
    [Fact]
    public void A_pending_entry_whose_content_was_deleted_is_marked_not_dropped()
    {
        var reply = Arr(Arr(Bulk("q"), Arr(
            Arr(Bulk("1-0"), Arr(Bulk("f"), Bulk("v"))),
            Arr(Bulk("2-0"), RespValue.Null))));

        var entries = StreamReplyParser.ParseRead(reply);

        Assert.Equal(["1-0", "2-0"], entries.Select(e => e.Id));
        Assert.False(entries[0].IsDeleted);
        Assert.True(entries[1].IsDeleted);
        Assert.Empty(entries[1].Fields);
    }

    [Fact]
    public void A_timed_out_read_is_an_empty_list()
    {
        Assert.Empty(StreamReplyParser.ParseRead(RespValue.Null));
    }

    [Fact]
    public void Autoclaim_from_redis_6_2_has_no_deleted_list()
    {
        var result = StreamReplyParser.ParseAutoClaim(Arr(Bulk("5-0"), Arr(Arr(Bulk("3-0"), Arr(Bulk("a"), Bulk("b"))))));

        Assert.Equal("5-0", result.NextStartId);
        Assert.False(result.IsScanComplete);
        Assert.Equal("b", Assert.Single(result.Entries)["a"].ToString());
        Assert.Empty(result.DeletedIds);
    }

    [Fact]
    public void Malformed_shapes_raise_protocol_errors()
    {
        Assert.Throws<RedisProtocolException>(() => StreamReplyParser.ParseRead(Arr(Arr(Bulk("q")))));
        Assert.Throws<RedisProtocolException>(() => StreamReplyParser.ParseEntries(Arr(Arr(Bulk("1-0"), Arr(Bulk("odd"))))));
        Assert.Throws<RedisProtocolException>(() => StreamReplyParser.ParsePendingSummary(Arr(RespValue.Integer(1))));
        Assert.Throws<RedisProtocolException>(() => StreamReplyParser.ParseAutoClaim(Arr(Bulk("0-0"))));
    }

    private static RespValue Arr(params RespValue[] items) => RespValue.Array(items);

    private static RespValue Bulk(string text) => RespValue.BulkString(System.Text.Encoding.UTF8.GetBytes(text));
}
