using System.Buffers;
using System.Buffers.Text;

namespace LetsCode.Redis.Protocol;

/// <summary>
/// Parses RESP2 frames from a byte sequence. Pure: no I/O, no state between calls, so a partial frame is simply
/// reported as "not yet" and parsed again from its start once more bytes have arrived.
/// </summary>
public sealed class RespReader
{
    private readonly RespReaderLimits _limits;

    public RespReader(RespReaderLimits? limits = null)
    {
        _limits = limits ?? RespReaderLimits.Default;
    }

    /// <summary>
    /// Reads one complete frame from the start of <paramref name="buffer"/>. On success the buffer is sliced past
    /// the frame; when the frame is incomplete it returns false and leaves the buffer alone.
    /// </summary>
    /// <exception cref="RedisProtocolException">The bytes are not valid RESP or exceed the limits.</exception>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out RespValue value)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!TryParse(ref reader, 0, out value))
        {
            return false;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private bool TryParse(ref SequenceReader<byte> reader, int depth, out RespValue value)
    {
        value = default;
        if (depth > _limits.MaxDepth)
        {
            throw new RedisProtocolException($"Reply nests deeper than {_limits.MaxDepth} arrays.");
        }

        if (!reader.TryRead(out var prefix) || !TryReadLine(ref reader, out var line))
        {
            return false;
        }

        switch (prefix)
        {
            case (byte)'+':
                value = RespValue.SimpleString(line.ToArray());
                return true;
            case (byte)'-':
                value = RespValue.Error(line.ToArray());
                return true;
            case (byte)':':
                value = RespValue.Integer(ParseInteger(line, "integer"));
                return true;
            case (byte)'$':
                return TryParseBulk(ref reader, ParseInteger(line, "bulk length"), out value);
            case (byte)'*':
                return TryParseArray(ref reader, ParseInteger(line, "array length"), depth, out value);
            default:
                throw new RedisProtocolException($"Unknown RESP type byte 0x{prefix:x2} ('{(char)prefix}').");
        }
    }

    private bool TryParseBulk(ref SequenceReader<byte> reader, long length, out RespValue value)
    {
        value = default;
        if (length == -1)
        {
            value = RespValue.Null;
            return true;
        }

        if (length < -1 || length > _limits.MaxBulkLength)
        {
            throw new RedisProtocolException($"Bulk string length {length} is outside 0..{_limits.MaxBulkLength}.");
        }

        if (reader.Remaining < length + 2)
        {
            return false;
        }

        var payload = new byte[length];
        reader.TryCopyTo(payload);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw new RedisProtocolException("Bulk string is not terminated by CRLF.");
        }

        value = RespValue.BulkString(payload);
        return true;
    }

    private bool TryParseArray(ref SequenceReader<byte> reader, long count, int depth, out RespValue value)
    {
        value = default;
        if (count == -1)
        {
            value = RespValue.Null;
            return true;
        }

        if (count < -1 || count > _limits.MaxArrayLength)
        {
            throw new RedisProtocolException($"Array length {count} is outside 0..{_limits.MaxArrayLength}.");
        }

        // Each element takes at least 3 bytes (":0\r\n" is 4), so a huge count cannot allocate before its bytes exist.
        if (reader.Remaining < count * 3)
        {
            return false;
        }

        var items = count == 0 ? [] : new RespValue[count];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryParse(ref reader, depth + 1, out items[i]))
            {
                return false;
            }
        }

        value = RespValue.Array(items);
        return true;
    }

    private bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\n'))
        {
            if (reader.Remaining > _limits.MaxLineLength)
            {
                throw new RedisProtocolException($"No line end within {_limits.MaxLineLength} bytes.");
            }

            return false;
        }

        if (line.Length == 0 || line[^1] != (byte)'\r')
        {
            throw new RedisProtocolException("Line is not terminated by CRLF.");
        }

        line = line[..^1];
        return true;
    }

    private static long ParseInteger(ReadOnlySpan<byte> text, string what)
    {
        if (!Utf8Parser.TryParse(text, out long parsed, out var consumed) || consumed != text.Length)
        {
            throw new RedisProtocolException($"Invalid {what} '{System.Text.Encoding.ASCII.GetString(text)}'.");
        }

        return parsed;
    }
}
