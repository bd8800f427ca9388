using LetsCode.Judge.Checkers;
using LetsCode.Judge.Model;

namespace LetsCode.Judge.Tests.Checkers;

public sealed class PureCheckerTests
{
    [Theory]
    [InlineData("1 2\n3\n", "1 2\n3\n")]
    [InlineData("1 2   \n3\t\n\n\n", "1 2\n3")]
    [InlineData("1 2\r\n3\r\n", "1 2\n3\n")]
    [InlineData("", "\n\n")]
    public void Lines_ignores_trailing_whitespace_and_trailing_blank_lines(string output, string expected) =>
        Assert.Equal(Verdict.Accepted, new LinesChecker().Check(output, expected).Verdict);

    [Theory]
    [InlineData(" 1 2\n", "1 2\n", "line 1")]          // leading whitespace matters
    [InlineData("1  2\n", "1 2\n", "line 1")]          // inner whitespace matters
    [InlineData("1\n\n2\n", "1\n2\n", "line 2")]       // inner blank lines matter
    [InlineData("1\n", "1\n2\n", "ends after 1 lines")]
    [InlineData("1\n2\n", "1\n", "extra line 2")]
    public void Lines_rejects_real_differences_and_says_where(string output, string expected, string where)
    {
        var outcome = new LinesChecker().Check(output, expected);
        Assert.Equal(Verdict.WrongAnswer, outcome.Verdict);
        Assert.Contains(where, outcome.Message);
    }

    [Fact]
    public void Exact_accepts_only_identical_text()
    {
        var checker = new ExactChecker();
        Assert.Equal(Verdict.Accepted, checker.Check("a b\n", "a b\n").Verdict);
        Assert.Contains("extra characters", checker.Check("a b\n\n", "a b\n").Message);
        Assert.Contains("prefix", checker.Check("a b", "a b\n").Message);
        var differs = checker.Check("a c\n", "a b\n");
        Assert.Equal(Verdict.WrongAnswer, differs.Verdict);
        Assert.Contains("character 3 (line 1)", differs.Message);
    }

    [Fact]
    public void Tokens_treats_any_whitespace_alike_but_compares_tokens_exactly()
    {
        var checker = new TokensChecker();
        Assert.Equal(Verdict.Accepted, checker.Check("1\n2   3\t\r\n", "1 2 3").Verdict);
        Assert.Contains("token 2: expected '2', got '02'", checker.Check("1 02 3", "1 2 3").Message);
        Assert.Contains("expected 3 tokens, got 2", checker.Check("1 2", "1 2 3").Message);
    }

    [Fact]
    public void Unordered_lines_is_a_multiset_comparison()
    {
        var checker = new UnorderedLinesChecker();
        Assert.Equal(Verdict.Accepted, checker.Check("b\na  \nc\n", "a\nb\nc\n").Verdict);
        Assert.Contains("'a' is missing", checker.Check("b\nb\nc\n", "a\nb\nc\n").Message);
        Assert.Contains("'d' is not in the answer", checker.Check("a\nb\nc\nd\n", "a\nb\nc\n").Message);
        Assert.Contains("missing", checker.Check("a\nb\n", "a\na\nb\n").Message);
    }

    [Theory]
    [InlineData("0.3333", "0.33333333", 1e-3, null, true)]
    [InlineData("0.333", "0.33333333", 1e-4, null, false)]
    [InlineData("0.4", "0.3", 0.1, null, true)]                     // boundary: 0.4 - 0.3 is a hair above 0.1 in binary
    [InlineData("1000001", "1000000", null, 1e-6, true)]             // relative
    [InlineData("1000002", "1000000", null, 1e-6, false)]
    [InlineData("1000002", "1000000", 1e-9, 1e-5, true)]             // either epsilon suffices
    [InlineData("1.5e3", "1500", 1e-9, null, true)]                  // exponent forms
    [InlineData("1E+3 -2.5E-1", "1000 -0.25", 1e-9, null, true)]
    [InlineData(".5 5.", "0.5 5", 1e-9, null, true)]
    [InlineData("nan", "NaN", 1e-6, null, true)]
    [InlineData("1", "nan", 1e-6, null, false)]
    [InlineData("nan", "1", 1e-6, null, false)]
    [InlineData("inf -Infinity", "Infinity -inf", 1e-6, null, true)]
    [InlineData("inf", "-inf", 1e-6, null, false)]
    [InlineData("1e308", "inf", 1e-6, 1e-6, false)]
    [InlineData("YES 0.5", "YES 0.50001", 1e-3, null, true)]         // words compare exactly
    [InlineData("yes 0.5", "YES 0.5", 1e-3, null, false)]
    [InlineData("0x1p3", "8", 1e-3, null, false)]                    // hex floats are not numbers here
    [InlineData("1,5", "1.5", 1e-3, null, false)]                    // nor a decimal comma
    [InlineData("1.0 2.0", "1.0 2.0 3.0", 1e-3, null, false)]        // token count
    [InlineData("-0", "0", 0.0, null, true)]
    public void Float_compares_numbers_within_epsilon(string output, string expected, double? absolute, double? relative, bool accepted)
    {
        var outcome = new FloatChecker(absolute, relative).Check(output, expected);
        Assert.Equal(accepted ? Verdict.Accepted : Verdict.WrongAnswer, outcome.Verdict);
    }

    [Fact]
    public void Float_messages_name_the_token()
    {
        var checker = new FloatChecker(1e-6, null);
        Assert.Contains("expected 2 tokens, got 1", checker.Check("1", "1 2").Message);
        Assert.Contains("token 2: expected a number close to 2, got 'two'", checker.Check("1 two", "1 2").Message);
        Assert.Contains("token 1: expected 1, got 1.1", checker.Check("1.1", "1").Message);
    }

    [Fact]
    public void Float_needs_an_epsilon() => Assert.Throws<ArgumentException>(() => new FloatChecker(null, null));

    [Fact]
    public void Messages_clip_huge_lines()
    {
        var outcome = new LinesChecker().Check(new string('x', 1_000_000), "y");
        Assert.True(outcome.Message!.Length < 300);
    }

    [Theory]
    [InlineData(CheckerSpec.Lines, typeof(LinesChecker))]
    [InlineData(CheckerSpec.Exact, typeof(ExactChecker))]
    [InlineData(CheckerSpec.Tokens, typeof(TokensChecker))]
    [InlineData(CheckerSpec.UnorderedLines, typeof(UnorderedLinesChecker))]
    public void Factory_builds_each_pure_kind(string kind, Type type) =>
        Assert.IsType(type, CheckerFactory.CreatePure(new CheckerSpec { Kind = kind }));

    [Fact]
    public void Factory_refuses_custom() =>
        Assert.Throws<ArgumentException>(() => CheckerFactory.CreatePure(new CheckerSpec { Kind = CheckerSpec.Custom }));
}
