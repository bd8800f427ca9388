using System.Buffers;
using System.Text;
using LetsCode.Redis.Protocol;

namespace LetsCode.Redis.Tests.Protocol;

public sealed class RespReaderTests
{
    private readonly RespReader _reader = new();

    [Fact]
    public void Reads_every_resp2_type()
    {
        var values = ReadAll("+OK\r\n-ERR bad thing\r\n:-42\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n*0\r\n");

        Assert.Equal(8, values.Count);
        Assert.Equal((RespType.SimpleString, "OK"), (values[0].Type, values[0].AsString()));
        Assert.Equal((RespType.Error, "ERR bad thing"), (values[1].Type, values[1].AsString()));
        Assert.Equal(-42, values[2].AsInt64());
        Assert.Equal("hello", values[3].AsString());
        Assert.Equal("", values[4].AsString());
        Assert.True(values[5].IsNull);
        Assert.True(values[6].IsNull);
        Assert.Empty(values[7].AsArray()!);
    }

    [Fact]
    public void Reads_nested_arrays_with_nulls_inside()
    {
        var value = ReadAll("*3\r\n*2\r\n$2\r\nid\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n$-1\r\n:7\r\n").Single();

        var items = value.AsArray()!;
        Assert.Equal("id", items[0].AsArray()![0].AsString());
        Assert.Equal("v", items[0].AsArray()![1].AsArray()![1].AsString());
        Assert.True(items[1].IsNull);
        Assert.Equal(7, items[2].AsInt64());
    }

    [Fact]
    public void Bulk_strings_are_binary_safe()
    {
        byte[] payload = [0, 13, 10, 255, (byte)'$', (byte)'*', 13, 10];
        var frame = Concat("$8\r\n"u8.ToArray(), payload, "\r\n"u8.ToArray());

        var value = ReadAll(frame).Single();

        Assert.Equal(payload, value.AsBytes());
    }

    [Fact]
    public void Partial_frames_report_not_yet_at_every_split_point_and_leave_the_buffer_alone()
    {
        var frame = Encoding.UTF8.GetBytes("*2\r\n$3\r\nfoo\r\n*1\r\n:12345\r\n");
        for (var split = 0; split < frame.Length; split++)
        {
            var buffer = new ReadOnlySequence<byte>(frame, 0, split);
            Assert.False(_reader.TryRead(ref buffer, out _), $"split at {split}");
            Assert.Equal(split, buffer.Length);
        }

        var whole = new ReadOnlySequence<byte>(frame);
        Assert.True(_reader.TryRead(ref whole, out var value));
        Assert.Equal(0, whole.Length);
        Assert.Equal(12345, value.AsArray()![1].AsArray()![0].AsInt64());
    }

    [Fact]
    public void A_frame_spread_over_many_segments_parses()
    {
        var frame = Encoding.UTF8.GetBytes("*2\r\n$11\r\nhello world\r\n+OK\r\n");
        var buffer = Segments(frame, 1);

        Assert.True(_reader.TryRead(ref buffer, out var value));
        Assert.Equal("hello world", value.AsArray()![0].AsString());
        Assert.Equal("OK", value.AsArray()![1].AsString());
    }

    [Fact]
    public void Large_bulk_string_parses_across_segments()
    {
        var payload = new byte[5 * 1024 * 1024];
        new Random(1).NextBytes(payload);
        var frame = Concat(Encoding.ASCII.GetBytes($"${payload.Length}\r\n"), payload, "\r\n"u8.ToArray());
        var buffer = Segments(frame, 64 * 1024);

        Assert.True(_reader.TryRead(ref buffer, out var value));
        Assert.Equal(payload, value.AsBytes());
    }

    [Theory]
    [InlineData("?what\r\n", "Unknown RESP type")]
    [InlineData(":12a\r\n", "Invalid integer")]
    [InlineData("$3\r\nabcXY", "not terminated by CRLF")]
    [InlineData("+OK\n", "not terminated by CRLF")]
    [InlineData("$-2\r\n", "outside")]
    [InlineData("*-5\r\n", "outside")]
    public void Malformed_input_raises_a_protocol_error(string input, string message)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(input));
        var error = Assert.Throws<RedisProtocolException>(() => _reader.TryRead(ref buffer, out _));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_stop_huge_lengths_and_deep_nesting_before_allocating()
    {
        var limited = new RespReader(new RespReaderLimits { MaxBulkLength = 10, MaxDepth = 3 });
        var bulk = new ReadOnlySequence<byte>("$11\r\n"u8.ToArray());
        Assert.Throws<RedisProtocolException>(() => limited.TryRead(ref bulk, out _));

        var deep = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n"));
        Assert.Throws<RedisProtocolException>(() => limited.TryRead(ref deep, out _));
    }

    [Fact]
    public void A_line_without_an_end_beyond_the_limit_is_an_error_not_a_wait()
    {
        var limited = new RespReader(new RespReaderLimits { MaxLineLength = 16 });
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("+" + new string('a', 100)));
        Assert.Throws<RedisProtocolException>(() => limited.TryRead(ref buffer, out _));
    }

    [Fact]
    public void Error_replies_become_server_exceptions_with_the_message_and_code()
    {
        var value = ReadAll("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n").Single();

        var error = Assert.Throws<RedisServerException>(() => value.ThrowIfError());
        Assert.Equal("WRONGTYPE", error.ErrorCode);
        Assert.StartsWith("WRONGTYPE Operation", error.Message, StringComparison.Ordinal);
    }

    private List<RespValue> ReadAll(string text) => ReadAll(Encoding.UTF8.GetBytes(text));

    private List<RespValue> ReadAll(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var values = new List<RespValue>();
        while (_reader.TryRead(ref buffer, out var value))
        {
            values.Add(value);
        }

        Assert.Equal(0, buffer.Length);
        return values;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        Segment? first = null, last = null;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            var chunk = bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset));
            if (first is null)
            {
                first = last = new Segment(chunk, 0);
            }
            else
            {
                last = last!.Append(chunk);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
