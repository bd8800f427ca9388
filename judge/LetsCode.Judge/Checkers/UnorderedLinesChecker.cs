namespace LetsCode.Judge.Checkers;

/// <summary>
/// The same lines in any order (a multiset), normalised like <see cref="LinesChecker"/>. For problems whose
/// answers may be printed in any order.
/// </summary>
public sealed class UnorderedLinesChecker : PureChecker
{
    public override CheckOutcome Check(string output, string expected)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var want = TextShape.NormalizedLines(expected);
        var got = TextShape.NormalizedLines(output);
        foreach (var line in want) counts[line] = counts.GetValueOrDefault(line) + 1;
        foreach (var line in got) counts[line] = counts.GetValueOrDefault(line) - 1;

        foreach (var line in want)
        {
            if (counts[line] > 0)
                return CheckOutcome.Wrong($"line {TextShape.Quote(line)} is missing from the output ({counts[line]} more expected)");
        }
        foreach (var line in got)
        {
            if (counts[line] < 0)
                return CheckOutcome.Wrong($"line {TextShape.Quote(line)} is not in the answer ({-counts[line]} too many)");
        }
        return CheckOutcome.Accepted;
    }
}
