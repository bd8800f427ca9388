namespace LetsCode.Judge.FunctionStyle;

/// <summary>
/// A LeetCode-style problem: the user writes a function, the judge calls it with JSON arguments read from stdin and
/// compares the JSON it returns with the expected value.
/// </summary>
public sealed record FunctionSpec
{
    /// <summary>The function (or <c>Solution</c> method) to call, e.g. <c>twoSum</c>. Must be an identifier.</summary>
    public string EntryPoint { get; init; } = "";

    /// <summary>Accept a top-level array result in any order (e.g. two indices "in any order").</summary>
    public bool UnorderedResult { get; init; }

    /// <summary>Tolerance for comparing non-integer numbers (absolute or relative).</summary>
    public double FloatTolerance { get; init; } = 1e-6;
}
