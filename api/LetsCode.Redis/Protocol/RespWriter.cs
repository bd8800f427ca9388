using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace LetsCode.Redis.Protocol;

/// <summary>
/// Encodes a command as a RESP array of bulk strings, the only form the server accepts from clients. Pure: writes
/// into any <see cref="IBufferWriter{T}"/> (a pipe, or an <see cref="ArrayBufferWriter{T}"/> in tests).
/// </summary>
public static class RespWriter
{
    private const int MaxNumberLength = 32;

    /// <summary>
    /// Writes one command. Arguments may be strings (UTF-8), byte arrays, <see cref="ReadOnlyMemory{T}"/> of bytes,
    /// <see cref="RedisValue"/>, integers or floating-point numbers (invariant culture).
    /// </summary>
    /// <exception cref="ArgumentException">An argument is null, a null <see cref="RedisValue"/>, or of another type.</exception>
    public static void WriteCommand(IBufferWriter<byte> output, IReadOnlyList<object> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("A command needs at least its name.", nameof(args));
        }

        WriteHeader(output, (byte)'*', args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            WriteArgument(output, args[i], i);
        }
    }

    private static void WriteArgument(IBufferWriter<byte> output, object? arg, int index)
    {
        switch (arg)
        {
            case string text:
                WriteString(output, text);
                break;
            case byte[] bytes:
                WriteBulk(output, bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                WriteBulk(output, memory.Span);
                break;
            case Memory<byte> memory:
                WriteBulk(output, memory.Span);
                break;
            case RedisValue value when !value.IsNull:
                WriteBulk(output, value.Memory.Span);
                break;
            case int or long or short or byte or uint or ushort or sbyte:
                WriteInteger(output, Convert.ToInt64(arg, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                WriteString(output, number.ToString(CultureInfo.InvariantCulture));
                break;
            case double number:
                WriteString(output, FormatDouble(number));
                break;
            case float number:
                WriteString(output, FormatDouble(number));
                break;
            case null:
            case RedisValue:
                throw new ArgumentException($"Command argument {index} is null; Redis has no null argument.", nameof(arg));
            default:
                throw new ArgumentException(
                    $"Command argument {index} has unsupported type {arg.GetType().Name}; use a string, bytes or a number.",
                    nameof(arg));
        }
    }

    /// <summary>Redis spells infinities as "+inf"/"-inf" (ZADD scores, ZRANGEBYSCORE bounds).</summary>
    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void WriteString(IBufferWriter<byte> output, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteHeader(output, (byte)'$', length);
        var span = output.GetSpan(length + 2);
        Encoding.UTF8.GetBytes(text, span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        output.Advance(length + 2);
    }

    private static void WriteBulk(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        WriteHeader(output, (byte)'$', payload.Length);
        output.Write(payload);
        output.Write("\r\n"u8);
    }

    private static void WriteInteger(IBufferWriter<byte> output, long value)
    {
        Span<byte> digits = stackalloc byte[MaxNumberLength];
        Utf8Formatter.TryFormat(value, digits, out var written);
        WriteBulk(output, digits[..written]);
    }

    private static void WriteHeader(IBufferWriter<byte> output, byte prefix, long length)
    {
        var span = output.GetSpan(MaxNumberLength);
        span[0] = prefix;
        Utf8Formatter.TryFormat(length, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        output.Advance(written + 3);
    }
}
