namespace LetsCode.Judge.Checkers;

/// <summary>Character for character, whitespace and newlines included.</summary>
public sealed class ExactChecker : PureChecker
{
    public override CheckOutcome Check(string output, string expected)
    {
        if (string.Equals(output, expected, StringComparison.Ordinal)) return CheckOutcome.Accepted;

        var common = Math.Min(output.Length, expected.Length);
        var at = 0;
        while (at < common && output[at] == expected[at]) at++;
        var line = 1;
        for (var i = 0; i < at; i++) if (expected[i] == '\n') line++;

        if (at == common)
        {
            return output.Length < expected.Length
                ? CheckOutcome.Wrong($"output is a prefix of the answer: {expected.Length - output.Length} characters missing at line {line}")
                : CheckOutcome.Wrong($"output has {output.Length - expected.Length} extra characters at line {line}: {TextShape.Quote(output[at..])}");
        }
        return CheckOutcome.Wrong(
            $"differs at character {at + 1} (line {line}): expected {TextShape.Quote(expected.Substring(at, Math.Min(16, expected.Length - at)))}, " +
            $"got {TextShape.Quote(output.Substring(at, Math.Min(16, output.Length - at)))}");
    }
}
