namespace LetsCode.Kubernetes.Simulator.Controllers;

/// <summary>
/// Runs the simulated control plane (kubelet, garbage collector, namespace controller) after every change and
/// whenever a timed transition is due, one pass at a time under the store lock.
/// </summary>
internal sealed class ControllerLoop : IAsyncDisposable
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);
    private readonly ResourceOperations _operations;
    private readonly KubeletLoop _kubelet;
    private readonly GarbageCollector _collector;
    private readonly NamespaceController _namespaces;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ControllerLoop(ResourceOperations operations, SimulatedKubelet kubelet, TimeProvider time)
    {
        _operations = operations;
        _kubelet = new KubeletLoop(operations, kubelet, time);
        _collector = new GarbageCollector(operations);
        _namespaces = new NamespaceController(operations);
        operations.Store.Changed += Wake;
        kubelet.Changed += Wake;
        _loop = Task.Run(RunAsync);
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TimeSpan? due = null;
            lock (_operations.Store.Gate)
            {
                Run(_namespaces.Step);
                Run(_collector.Step);
                Run(() => due = _kubelet.Step());
            }

            var wait = due is { } d && d < IdlePoll ? d : IdlePoll;
            try
            {
                await _wake.WaitAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One controller's failure must not stop the others or the loop (it would silently stall pods).</summary>
    private static void Run(Action step)
    {
        try
        {
            step();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"simulator controller step failed (will retry): {e}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _wake.Dispose();
    }
}
