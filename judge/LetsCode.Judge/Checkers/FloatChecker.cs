using System.Globalization;

namespace LetsCode.Judge.Checkers;

/// <summary>
/// Tokens, where every token of the answer that is a number must be matched by a number within the epsilon:
/// |got - want| &lt;= absolute, or |got - want| &lt;= relative * |want| (either suffices when both are given, as in
/// testlib). NaN matches only NaN, an infinity only the same infinity. Non-numeric answer tokens compare exactly.
/// </summary>
public sealed class FloatChecker : PureChecker
{
    private readonly double? _absolute;
    private readonly double? _relative;

    public FloatChecker(double? absolute, double? relative)
    {
        if (absolute is null && relative is null) throw new ArgumentException("a float checker needs an absolute or a relative epsilon");
        _absolute = absolute;
        _relative = relative;
    }

    public override CheckOutcome Check(string output, string expected)
    {
        var got = TextShape.Tokens(output);
        var want = TextShape.Tokens(expected);
        if (got.Length != want.Length) return CheckOutcome.Wrong($"expected {want.Length} tokens, got {got.Length}");

        for (var i = 0; i < want.Length; i++)
        {
            if (!TryParse(want[i], out var w))
            {
                if (!string.Equals(got[i], want[i], StringComparison.Ordinal))
                    return CheckOutcome.Wrong($"token {i + 1}: expected {TextShape.Quote(want[i])}, got {TextShape.Quote(got[i])}");
                continue;
            }
            if (!TryParse(got[i], out var g))
                return CheckOutcome.Wrong($"token {i + 1}: expected a number close to {want[i]}, got {TextShape.Quote(got[i])}");
            if (!Close(g, w))
                return CheckOutcome.Wrong($"token {i + 1}: expected {want[i]}, got {got[i]} (difference {Math.Abs(g - w).ToString("G6", CultureInfo.InvariantCulture)})");
        }
        return CheckOutcome.Accepted;
    }

    private bool Close(double got, double want)
    {
        if (double.IsNaN(want) || double.IsNaN(got)) return double.IsNaN(want) && double.IsNaN(got);
        if (double.IsInfinity(want) || double.IsInfinity(got)) return want.Equals(got);
        var diff = Math.Abs(got - want);
        if (_absolute is { } abs && diff <= abs + 1e-15 * Math.Abs(want)) return true;
        return _relative is { } rel && diff <= rel * Math.Abs(want);
    }

    /// <summary>
    /// Decimal and exponent forms (1, -2.5, .5, 1e-9, 3E+10) plus nan / inf / infinity in any case. Hex floats,
    /// thousands separators and a decimal comma are not numbers here.
    /// </summary>
    internal static bool TryParse(string token, out double value)
    {
        var body = token.AsSpan().TrimStart("+-");
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return token.Length - body.Length <= 1;
        }
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = token[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return token.Length - body.Length <= 1;
        }
        // Only digits, signs, '.', 'e' may appear, and there must be a digit: rules out "∞", "1,5", "0x1p3".
        var hasDigit = false;
        foreach (var c in token)
        {
            if (char.IsAsciiDigit(c)) hasDigit = true;
            else if (c is not ('+' or '-' or '.' or 'e' or 'E')) { value = 0; return false; }
        }
        if (!hasDigit) { value = 0; return false; }
        return double.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }
}
