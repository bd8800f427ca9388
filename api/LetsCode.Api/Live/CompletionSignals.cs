using System.Collections.Concurrent;

namespace LetsCode.Api.Live;

/// <summary>
/// Wakes ?wait=true requests when their submission finishes. Only a hint: waiters also re-read the database, so a
/// missed signal (or one raised on another replica) costs latency, never correctness.
/// </summary>
public sealed class CompletionSignals
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> waiters = new();

    public Task WhenSignalledAsync(Guid submissionId) =>
        waiters.GetOrAdd(submissionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Signal(Guid submissionId)
    {
        if (waiters.TryRemove(submissionId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    public void Forget(Guid submissionId) => waiters.TryRemove(submissionId, out _);
}
