using LetsCode.Judge.Model;
using LetsCode.Operator.Resources;

namespace LetsCode.Operator.Judging;

/// <summary>Turns a Submission's spec into the runner's job (docs/runner-protocol.md).</summary>
public sealed class JobBuilder(ITestSuiteSource suites)
{
    public async Task<JudgeJob> BuildAsync(Submission submission, CancellationToken cancellationToken)
    {
        var spec = submission.Spec;
        IReadOnlyList<TestCase> tests = spec.TestsRef is { } reference
            ? await suites.GetAsync(reference.ProblemId, reference.Sha256, cancellationToken).ConfigureAwait(false)
            : spec.Tests ?? [];
        return new JudgeJob
        {
            Language = spec.Language,
            Source = spec.Source,
            Tests = tests,
            Limits = spec.Limits ?? new Limits(),
            Checker = spec.Checker ?? new CheckerSpec(),
            StopOnFirstFailure = spec.StopOnFirstFailure ?? false,
        };
    }
}
