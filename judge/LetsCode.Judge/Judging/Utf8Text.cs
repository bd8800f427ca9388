using System.Text;

namespace LetsCode.Judge.Judging;

/// <summary>Decoding of captured bytes, and truncation that never splits a UTF-8 character.</summary>
internal static class Utf8Text
{
    public static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public static string Truncated(byte[] bytes, int maxBytes)
    {
        if (bytes.Length <= maxBytes) return Encoding.UTF8.GetString(bytes);
        var end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--; // back off to the start of a character
        return Encoding.UTF8.GetString(bytes, 0, end);
    }

    public static string Truncated(string text, int maxBytes) =>
        Encoding.UTF8.GetByteCount(text) <= maxBytes ? text : Truncated(Encoding.UTF8.GetBytes(text), maxBytes);
}
