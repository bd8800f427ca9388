using LetsCode.Judge.Model;

namespace LetsCode.Operator.Judging;

/// <summary>What one exec of the runner produced.</summary>
public abstract record JudgeOutcome
{
    /// <summary>The runner produced a verdict (whatever it is).</summary>
    public sealed record Judged(JudgeResult Result) : JudgeOutcome;

    /// <summary>The runner refused the job (exit 2): retrying cannot help.</summary>
    public sealed record InvalidJob(string Message) : JudgeOutcome;

    /// <summary>The sandbox failed, not the program: pod gone, stream broken, runner crashed. Retried on a fresh pod.</summary>
    public sealed record InfrastructureFailure(string Reason, string Message) : JudgeOutcome;
}
