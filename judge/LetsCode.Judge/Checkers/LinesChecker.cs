namespace LetsCode.Judge.Checkers;

/// <summary>The default: line by line, ignoring trailing whitespace on each line and trailing blank lines.</summary>
public sealed class LinesChecker : PureChecker
{
    public override CheckOutcome Check(string output, string expected)
    {
        var got = TextShape.NormalizedLines(output);
        var want = TextShape.NormalizedLines(expected);
        var common = Math.Min(got.Count, want.Count);
        for (var i = 0; i < common; i++)
        {
            if (!string.Equals(got[i], want[i], StringComparison.Ordinal))
                return CheckOutcome.Wrong($"line {i + 1}: expected {TextShape.Quote(want[i])}, got {TextShape.Quote(got[i])}");
        }
        if (got.Count < want.Count)
            return CheckOutcome.Wrong($"output ends after {got.Count} lines; expected {want.Count} (line {got.Count + 1}: {TextShape.Quote(want[got.Count])})");
        if (got.Count > want.Count)
            return CheckOutcome.Wrong($"output has {got.Count} lines; expected {want.Count} (extra line {want.Count + 1}: {TextShape.Quote(got[want.Count])})");
        return CheckOutcome.Accepted;
    }
}
