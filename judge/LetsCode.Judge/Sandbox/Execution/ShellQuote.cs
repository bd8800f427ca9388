namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>POSIX sh single-quoting: the only safe way to put arbitrary text into a script line.</summary>
internal static class ShellQuote
{
    public static string Quote(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal)) throw new ArgumentException("NUL cannot appear in a shell argument", nameof(value));
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    public static string Join(IEnumerable<string> values) => string.Join(' ', values.Select(Quote));
}
