using System.Globalization;
using System.Text;

namespace LetsCode.Redis.Protocol;

/// <summary>
/// One parsed RESP2 reply. A struct so that the common replies (integers, short strings) cost one array at most;
/// arrays nest by holding further values.
/// </summary>
public readonly struct RespValue
{
    private readonly byte[]? _bytes;
    private readonly RespValue[]? _items;
    private readonly long _integer;

    private RespValue(RespType type, byte[]? bytes, RespValue[]? items, long integer)
    {
        Type = type;
        _bytes = bytes;
        _items = items;
        _integer = integer;
    }

    public RespType Type { get; }

    public bool IsNull => Type == RespType.Null;

    public bool IsError => Type == RespType.Error;

    public static RespValue Null { get; } = new(RespType.Null, null, null, 0);

    public static RespValue SimpleString(string value) => new(RespType.SimpleString, Encoding.UTF8.GetBytes(value), null, 0);

    public static RespValue SimpleString(byte[] value) => new(RespType.SimpleString, value, null, 0);

    public static RespValue Error(string message) => new(RespType.Error, Encoding.UTF8.GetBytes(message), null, 0);

    public static RespValue Error(byte[] message) => new(RespType.Error, message, null, 0);

    public static RespValue Integer(long value) => new(RespType.Integer, null, null, value);

    public static RespValue BulkString(byte[] value) => new(RespType.BulkString, value, null, 0);

    public static RespValue Array(RespValue[] items) => new(RespType.Array, null, items, 0);

    /// <summary>The payload of a simple string, error or bulk string; null for a null reply.</summary>
    public byte[]? AsBytes() => Type switch
    {
        RespType.SimpleString or RespType.Error or RespType.BulkString => _bytes,
        RespType.Null => null,
        RespType.Integer => Encoding.ASCII.GetBytes(_integer.ToString(CultureInfo.InvariantCulture)),
        _ => throw Unexpected("a string"),
    };

    /// <summary>The payload decoded as UTF-8; integers are formatted; null for a null reply.</summary>
    public string? AsString() => Type switch
    {
        RespType.SimpleString or RespType.Error or RespType.BulkString => Encoding.UTF8.GetString(_bytes!),
        RespType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        RespType.Null => null,
        _ => throw Unexpected("a string"),
    };

    /// <summary>An integer reply, or a string reply holding a decimal integer (Redis returns both forms).</summary>
    public long AsInt64()
    {
        if (Type == RespType.Integer)
        {
            return _integer;
        }

        if (Type is RespType.BulkString or RespType.SimpleString
            && long.TryParse(_bytes, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw Unexpected("an integer");
    }

    public double AsDouble()
    {
        if (Type == RespType.Integer)
        {
            return _integer;
        }

        var text = AsString() ?? throw Unexpected("a number");
        return text switch
        {
            "inf" or "+inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The items of an array reply; null for a null array.</summary>
    public RespValue[]? AsArray() => Type switch
    {
        RespType.Array => _items,
        RespType.Null => null,
        _ => throw Unexpected("an array"),
    };

    /// <summary>Turns an error reply into a <see cref="RedisServerException"/> carrying the server's message.</summary>
    public RespValue ThrowIfError() =>
        Type == RespType.Error ? throw new RedisServerException(Encoding.UTF8.GetString(_bytes!)) : this;

    public override string ToString() => Type switch
    {
        RespType.Null => "(nil)",
        RespType.Integer => "(integer) " + _integer.ToString(CultureInfo.InvariantCulture),
        RespType.Error => "(error) " + Encoding.UTF8.GetString(_bytes!),
        RespType.Array => "[" + string.Join(", ", _items!.Select(i => i.ToString())) + "]",
        _ => Encoding.UTF8.GetString(_bytes!),
    };

    private RedisProtocolException Unexpected(string wanted) =>
        new($"Expected {wanted} reply but the server sent {Type}: {ToString()}");
}
