using System.Collections.Concurrent;

namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>
/// One long-lived thread that tears finished sandboxes down (kill, wait, remove the cgroup). Handing it the work
/// costs a queue insert, so a run returns its result without starting a thread; the blocking waits and retries of
/// teardown never touch the thread pool.
/// </summary>
internal sealed class Janitor : IDisposable
{
    private readonly BlockingCollection<(Action Work, TaskCompletionSource Done)> queue = new();
    private readonly Thread thread;

    public Janitor()
    {
        thread = new Thread(Loop) { IsBackground = true, Name = "letscode-sandbox-janitor" };
        thread.Start();
    }

    public Task Enqueue(Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            queue.Add((work, done));
        }
        catch (InvalidOperationException)
        {
            work(); // shutting down: do it here
            done.SetResult();
        }
        return done.Task;
    }

    private void Loop()
    {
        foreach (var (work, done) in queue.GetConsumingEnumerable())
        {
            try
            {
                work();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }

    /// <summary>Finishes the queued work, then stops.</summary>
    public void Dispose()
    {
        queue.CompleteAdding();
        thread.Join();
        queue.Dispose();
    }
}
