using LetsCode.Judge.Model;

namespace LetsCode.Judge.Judging;

/// <summary>Compiles once and runs every test of a job, each in a fresh sandbox.</summary>
public interface IJudge
{
    /// <param name="observer">Told about progress as it happens (the API streams it); may be null.</param>
    Task<JudgeResult> JudgeAsync(JudgeJob job, IJudgeObserver? observer, CancellationToken cancellationToken);

    /// <summary>
    /// What is wrong with a job (unknown language, bad limits...), each message naming the field; empty when it can
    /// be judged. JudgeAsync answers an invalid job with InternalError, so callers validate first.
    /// </summary>
    IReadOnlyList<string> Validate(JudgeJob job);
}

/// <summary>Progress callbacks, called in order: compile, then each test's start and finish.</summary>
public interface IJudgeObserver
{
    ValueTask CompiledAsync(CompileResult compile);
    ValueTask TestStartedAsync(int index, string name);
    ValueTask TestFinishedAsync(int index, TestResult result);
}
