using LetsCode.Judge.Model;

namespace LetsCode.Judge.Checkers;

/// <summary>A checker's decision: Accepted, WrongAnswer, or InternalError when the checker itself failed.</summary>
public sealed record CheckOutcome(Verdict Verdict, string? Message)
{
    public static CheckOutcome Accepted { get; } = new(Verdict.Accepted, null);

    public static CheckOutcome Wrong(string message) => new(Verdict.WrongAnswer, message);

    public static CheckOutcome Failed(string message) => new(Verdict.InternalError, message);
}
