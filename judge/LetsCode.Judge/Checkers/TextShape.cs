namespace LetsCode.Judge.Checkers;

/// <summary>Shared text handling for the pure checkers: splitting into lines and tokens, quoting in messages.</summary>
internal static class TextShape
{
    private static readonly char[] Whitespace = [' ', '\t', '\n', '\r', '\v', '\f'];

    /// <summary>
    /// Lines with trailing whitespace (including a CR of CRLF) removed, and trailing blank lines dropped: the
    /// normal form under which "1 2 \n\n" and "1 2" are the same answer.
    /// </summary>
    public static List<string> NormalizedLines(string text)
    {
        var lines = text.Split('\n');
        var result = new List<string>(lines.Length);
        foreach (var line in lines) result.Add(line.TrimEnd(Whitespace));
        while (result.Count > 0 && result[^1].Length == 0) result.RemoveAt(result.Count - 1);
        return result;
    }

    public static string[] Tokens(string text) => text.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A value quoted for a checker message, clipped so a 10 MB line cannot bloat the result.</summary>
    public static string Quote(string value, int max = 64)
    {
        var clipped = value.Length <= max ? value : value[..max] + "...";
        return "'" + clipped.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";
    }
}
