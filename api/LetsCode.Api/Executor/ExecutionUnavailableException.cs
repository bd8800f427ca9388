namespace LetsCode.Api.Executor;

/// <summary>
/// A remote executor (cluster mode's sandbox pods) could not give an answer in time: no sandbox came free, the
/// orchestrator refused the job, or the run did not finish within the wait. The caller's request was fine; it may
/// try again later. Synchronous endpoints turn it into 503 (never started) or 504 (started, no result in time).
/// </summary>
public sealed class ExecutionUnavailableException(string message, bool started, TimeSpan retryAfter, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>True when a sandbox had begun the run: waiting longer might have helped, capacity was not the issue.</summary>
    public bool Started { get; } = started;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
