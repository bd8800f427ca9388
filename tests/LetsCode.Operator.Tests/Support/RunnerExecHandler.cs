using System.Collections.Concurrent;
using LetsCode.Kubernetes.Simulator;
using LetsCode.Kubernetes.Simulator.Exec;

namespace LetsCode.Operator.Tests.Support;

/// <summary>
/// The simulated kubelet's exec: runs the REAL runner (`letscode-runner judge`, sandboxed with bubblewrap here) with
/// the exec's stdin and stdout, as the runner image would in a pod. Tests can hold runs at the start (to act
/// "mid-run") and see which pods ran what.
/// </summary>
public sealed class RunnerExecHandler(string runnerPath) : LocalRunnerExecHandler(runnerPath)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _hold;

    /// <summary>Pods that got an exec (in order); a pod appearing twice would break "one pod, one submission".</summary>
    public ConcurrentQueue<string> ExecutedPods { get; } = new();

    /// <summary>Fires when an exec starts (before the hold).</summary>
    public event Action<ExecContext>? Started;

    /// <summary>From now on, execs wait (after <see cref="Started"/>) until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_gate) _hold ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release()
    {
        TaskCompletionSource? hold;
        lock (_gate)
        {
            hold = _hold;
            _hold = null;
        }

        hold?.TrySetResult();
    }

    protected override async Task BeforeRunAsync(ExecContext context, CancellationToken cancellationToken)
    {
        ExecutedPods.Enqueue(context.Pod);
        Started?.Invoke(context);
        Task? hold;
        lock (_gate) hold = _hold?.Task;
        if (hold is not null)
        {
            await hold.WaitAsync(cancellationToken);
        }
    }
}
