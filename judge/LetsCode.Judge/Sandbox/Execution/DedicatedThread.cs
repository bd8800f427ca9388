namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>Runs blocking work (pipe reads, cgroup teardown with retries) on its own thread, never the thread pool's.</summary>
internal static class DedicatedThread
{
    public static Task Run(Action body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static Task<T> Run<T>(Func<T> body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
