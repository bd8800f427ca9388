using System.Collections.Concurrent;
using LetsCode.Kubernetes.Watch;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Resources;

namespace LetsCode.Operator.Tests.Support;

/// <summary>
/// Watches every Submission change (a raw watch, independent of the operator) and keeps each one's status
/// history, to prove a result is written once and never changed afterwards.
/// </summary>
public sealed class SubmissionHistory : IDisposable, IWatchSink<Submission>
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string? Phase, string? Verdict, DateTimeOffset? Completion)>> _history = new();

    public static Task<SubmissionHistory> StartAsync(OperatorEnvironment env)
    {
        var history = new SubmissionHistory();
        var watcher = new ResilientWatcher<Submission>(env.Submissions, new ResilientWatchOptions { Namespace = OperatorEnvironment.Namespace, InitialBackoff = TimeSpan.FromMilliseconds(50) });
        _ = watcher.RunAsync(history, history._stop.Token);
        return Task.FromResult(history);
    }

    public void Replace(IReadOnlyList<Submission> items, string? resourceVersion)
    {
        foreach (var item in items) Record(item);
    }

    public void Apply(WatchEvent<Submission> watchEvent)
    {
        if (watchEvent.Object is { } value) Record(value);
    }

    private void Record(Submission submission) =>
        _history.GetOrAdd(submission.Metadata.Name!, _ => new()).Enqueue((submission.Status?.Phase, submission.Status?.Verdict, submission.Status?.CompletionTime));

    public void AssertFinishedExactlyOnce(string name)
    {
        var states = _history.TryGetValue(name, out var queue) ? queue.ToList() : [];
        var firstFinished = states.FindIndex(s => SubmissionPhase.IsFinished(s.Phase));
        Assert.True(firstFinished >= 0, $"{name} was never seen finished");
        var final = states[firstFinished];
        foreach (var later in states.Skip(firstFinished))
        {
            Assert.Equal(final, later); // never reopened, never a second result
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
