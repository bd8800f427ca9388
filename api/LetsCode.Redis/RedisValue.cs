using System.Globalization;
using System.Text;

namespace LetsCode.Redis;

/// <summary>
/// A binary-safe Redis value: the exact bytes stored on the server, or null (a missing key or field). Converts
/// implicitly from strings (UTF-8), byte arrays and numbers so call sites stay readable.
/// </summary>
public readonly struct RedisValue : IEquatable<RedisValue>
{
    private readonly byte[]? _bytes;

    public RedisValue(byte[]? bytes)
    {
        _bytes = bytes;
    }

    public static RedisValue Null => default;

    public bool IsNull => _bytes is null;

    /// <summary>The raw bytes; empty for null. Do not mutate: the array is shared, not copied.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes;

    public byte[]? ToArray() => _bytes is null ? null : (byte[])_bytes.Clone();

    /// <summary>The bytes decoded as UTF-8, or null.</summary>
    public override string? ToString() => _bytes is null ? null : Encoding.UTF8.GetString(_bytes);

    public long ToInt64() =>
        long.Parse(ToString() ?? throw new InvalidOperationException("The value is null."), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public double ToDouble() =>
        double.Parse(ToString() ?? throw new InvalidOperationException("The value is null."), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static implicit operator RedisValue(string? value) => new(value is null ? null : Encoding.UTF8.GetBytes(value));

    public static implicit operator RedisValue(byte[]? value) => new(value);

    public static implicit operator RedisValue(long value) => new(Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));

    public static implicit operator RedisValue(double value) => new(Encoding.ASCII.GetBytes(value.ToString("R", CultureInfo.InvariantCulture)));

    public static explicit operator string?(RedisValue value) => value.ToString();

    public static explicit operator byte[]?(RedisValue value) => value._bytes;

    public static explicit operator long(RedisValue value) => value.ToInt64();

    public bool Equals(RedisValue other) =>
        _bytes is null ? other._bytes is null : other._bytes is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => obj is RedisValue other && Equals(other);

    public override int GetHashCode()
    {
        if (_bytes is null)
        {
            return 0;
        }

        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public static bool operator ==(RedisValue left, RedisValue right) => left.Equals(right);

    public static bool operator !=(RedisValue left, RedisValue right) => !left.Equals(right);
}
