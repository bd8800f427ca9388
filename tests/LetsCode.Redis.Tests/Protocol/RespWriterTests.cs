using System.Buffers;
using System.Text;
using LetsCode.Redis.Protocol;

namespace LetsCode.Redis.Tests.Protocol;

public sealed class RespWriterTests
{
    [Fact]
    public void Encodes_a_command_as_an_array_of_bulk_strings()
    {
        Assert.Equal("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n", Encode("SET", "k", "value"));
    }

    [Fact]
    public void Encodes_numbers_in_invariant_culture_and_infinities_as_redis_spells_them()
    {
        Assert.Equal("*5\r\n$4\r\nZADD\r\n$2\r\n-7\r\n$3\r\n1.5\r\n$4\r\n+inf\r\n$4\r\n-inf\r\n",
            Encode("ZADD", -7, 1.5, double.PositiveInfinity, double.NegativeInfinity));
    }

    [Fact]
    public void Encodes_utf8_by_byte_length_and_binary_values_verbatim()
    {
        Assert.Equal("*2\r\n$4\r\nECHO\r\n$2\r\n\u00e9\r\n", Encode("ECHO", "\u00e9"));

        byte[] binary = [0, 13, 10, 255];
        var output = new ArrayBufferWriter<byte>();
        RespWriter.WriteCommand(output, ["SET", "k", binary, (RedisValue)binary, new ReadOnlyMemory<byte>(binary)]);
        var expected = Encoding.ASCII.GetBytes("*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n")
            .Concat(binary).Concat("\r\n$4\r\n"u8.ToArray()).Concat(binary)
            .Concat("\r\n$4\r\n"u8.ToArray()).Concat(binary).Concat("\r\n"u8.ToArray());
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Rejects_null_and_unknown_argument_types_with_the_argument_index()
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.Contains("argument 1", Assert.Throws<ArgumentException>(() => RespWriter.WriteCommand(output, ["GET", RedisValue.Null])).Message, StringComparison.Ordinal);
        Assert.Contains("Guid", Assert.Throws<ArgumentException>(() => RespWriter.WriteCommand(output, ["GET", Guid.Empty])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RespWriter.WriteCommand(output, []));
    }

    [Fact]
    public void Writer_output_round_trips_through_the_reader()
    {
        var output = new ArrayBufferWriter<byte>();
        RespWriter.WriteCommand(output, ["XADD", "s", "*", "f", 42L]);
        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);

        Assert.True(new RespReader().TryRead(ref buffer, out var parsed));
        Assert.Equal(["XADD", "s", "*", "f", "42"], parsed.AsArray()!.Select(v => v.AsString()));
    }

    private static string Encode(params object[] args)
    {
        var output = new ArrayBufferWriter<byte>();
        RespWriter.WriteCommand(output, args);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
