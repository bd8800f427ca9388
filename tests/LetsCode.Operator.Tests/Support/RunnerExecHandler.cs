using System.Collections.Concurrent;
using System.Diagnostics;
using LetsCode.Kubernetes.Simulator;

namespace LetsCode.Operator.Tests.Support;

/// <summary>
/// The simulated kubelet's exec: runs the REAL runner (`letscode-runner judge`, sandboxed with bubblewrap here) with
/// the exec's stdin and stdout, as the runner image would in a pod. Tests can hold runs at the start (to act
/// "mid-run") and see which pods ran what.
/// </summary>
public sealed class RunnerExecHandler(string runnerPath) : IExecHandler
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _hold;

    /// <summary>Pods that got an exec (in order); a pod appearing twice would break "one pod, one submission".</summary>
    public ConcurrentQueue<string> ExecutedPods { get; } = new();

    /// <summary>Runs that produced an exit code (not cut off).</summary>
    public int CompletedRuns => _completed;

    private int _completed;

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

    public async Task<int> ExecAsync(ExecContext context, CancellationToken cancellationToken)
    {
        if (context.Command is not ["letscode-runner", "judge", ..])
        {
            await context.Stderr.WriteAsync("exec: command not found\n"u8.ToArray(), cancellationToken);
            return 127;
        }

        ExecutedPods.Enqueue(context.Pod);
        Started?.Invoke(context);
        Task? hold;
        lock (_gate) hold = _hold?.Task;
        if (hold is not null)
        {
            await hold.WaitAsync(cancellationToken);
        }

        var start = new ProcessStartInfo(runnerPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("judge");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("runner did not start");
        try
        {
            var stdin = Task.Run(async () =>
            {
                await context.Stdin.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
                process.StandardInput.Close();
            }, cancellationToken);
            var stdout = process.StandardOutput.BaseStream.CopyToAsync(context.Stdout, cancellationToken);
            var stderr = process.StandardError.BaseStream.CopyToAsync(context.Stderr, cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            await Task.WhenAll(stdin, stdout, stderr);
            Interlocked.Increment(ref _completed);
            return process.ExitCode;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
