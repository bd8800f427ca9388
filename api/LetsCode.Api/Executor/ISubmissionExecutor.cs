using LetsCode.Judge.Judging;
using LetsCode.Judge.Model;

namespace LetsCode.Api.Executor;

/// <summary>
/// Runs one ExecutionRequest to a JudgeResult, reporting progress through the observer in order (compile, then
/// each test's start and finish with indices over the whole request). Embedded: the judge library in-process.
/// </summary>
public interface ISubmissionExecutor
{
    Task<JudgeResult> ExecuteAsync(ExecutionRequest request, IJudgeObserver? observer, CancellationToken cancellationToken);
}
