namespace LetsCode.Judge.Model;

/// <summary>How a test's output is compared with the expected output.</summary>
public sealed record CheckerSpec
{
    public const string Lines = "lines";
    public const string Exact = "exact";
    public const string Tokens = "tokens";
    public const string Float = "float";
    public const string UnorderedLines = "unordered-lines";
    public const string Custom = "custom";

    public static readonly IReadOnlyList<string> Kinds = [Lines, Exact, Tokens, Float, UnorderedLines, Custom];

    public string Kind { get; init; } = Lines;
    /// <summary>float: absolute epsilon.</summary>
    public double? Absolute { get; init; }
    /// <summary>float: relative epsilon.</summary>
    public double? Relative { get; init; }
    /// <summary>custom: the checker program's language.</summary>
    public string? Language { get; init; }
    /// <summary>custom: the checker program's source, called as <c>checker input output answer</c>.</summary>
    public string? Source { get; init; }
}
