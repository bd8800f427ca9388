namespace LetsCode.Judge.Checkers;

/// <summary>
/// Decides whether a program's output answers a test. The built-in kinds are pure and complete synchronously;
/// only the custom checker does I/O (it runs a sandboxed program).
/// </summary>
public interface IChecker
{
    ValueTask<CheckOutcome> CheckAsync(string input, string output, string expected, CancellationToken cancellationToken);
}

/// <summary>Base for checkers that are plain functions of (output, expected).</summary>
public abstract class PureChecker : IChecker
{
    public ValueTask<CheckOutcome> CheckAsync(string input, string output, string expected, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Check(output, expected));

    public abstract CheckOutcome Check(string output, string expected);
}
