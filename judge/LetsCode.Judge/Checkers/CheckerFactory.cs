using LetsCode.Judge.Model;

namespace LetsCode.Judge.Checkers;

/// <summary>Builds the pure checker for a spec. Custom checkers need a compiled program and are built by the judge.</summary>
public static class CheckerFactory
{
    public static PureChecker CreatePure(CheckerSpec spec) => spec.Kind switch
    {
        CheckerSpec.Lines => new LinesChecker(),
        CheckerSpec.Exact => new ExactChecker(),
        CheckerSpec.Tokens => new TokensChecker(),
        CheckerSpec.Float => new FloatChecker(spec.Absolute, spec.Relative),
        CheckerSpec.UnorderedLines => new UnorderedLinesChecker(),
        _ => throw new ArgumentException($"checker kind '{spec.Kind}' is not a pure checker", nameof(spec)),
    };
}
