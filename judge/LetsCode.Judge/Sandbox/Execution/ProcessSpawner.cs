using System.Collections.Concurrent;
using System.Diagnostics;

namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>
/// Starts processes from one dedicated, long-lived thread. bwrap's --die-with-parent is PR_SET_PDEATHSIG, which
/// fires when the *thread* that forked the child exits; thread-pool threads retire when idle, which would kill a
/// running or prepared sandbox at random. A thread that lives as long as the sandbox makes "parent" mean the judge.
/// </summary>
internal sealed class ProcessSpawner : IDisposable
{
    private readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Done)> queue = new();
    private readonly Thread thread;

    public ProcessSpawner()
    {
        thread = new Thread(Loop) { IsBackground = true, Name = "letscode-sandbox-spawner" };
        thread.Start();
    }

    public Task<Process> StartAsync(ProcessStartInfo start)
    {
        var done = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Add((start, done));
        return done.Task;
    }

    private void Loop()
    {
        foreach (var (start, done) in queue.GetConsumingEnumerable())
        {
            try
            {
                var process = new Process { StartInfo = start };
                process.Start();
                done.SetResult(process);
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }

    public void Dispose()
    {
        queue.CompleteAdding();
        thread.Join();
        queue.Dispose();
    }
}
