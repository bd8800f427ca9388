namespace LetsCode.Judge.Checkers;

/// <summary>Whitespace-separated tokens compared exactly; any amount and kind of whitespace is equivalent.</summary>
public sealed class TokensChecker : PureChecker
{
    public override CheckOutcome Check(string output, string expected)
    {
        var got = TextShape.Tokens(output);
        var want = TextShape.Tokens(expected);
        var common = Math.Min(got.Length, want.Length);
        for (var i = 0; i < common; i++)
        {
            if (!string.Equals(got[i], want[i], StringComparison.Ordinal))
                return CheckOutcome.Wrong($"token {i + 1}: expected {TextShape.Quote(want[i])}, got {TextShape.Quote(got[i])}");
        }
        return got.Length == want.Length
            ? CheckOutcome.Accepted
            : CheckOutcome.Wrong($"expected {want.Length} tokens, got {got.Length}");
    }
}
