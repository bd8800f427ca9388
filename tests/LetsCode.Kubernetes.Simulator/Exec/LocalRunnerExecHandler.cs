using System.Diagnostics;
using System.Text;

namespace LetsCode.Kubernetes.Simulator.Exec;

/// <summary>
/// An exec into a sandbox pod that runs `letscode-runner judge` with the runner built on this machine (which
/// sandboxes the program with bubblewrap here), the exec's streams wired to it as the runner image's would be in a
/// pod. Any other command is refused with 127, as a pod whose image lacks it would. Other commands of the runner are
/// not needed: the operator only ever execs `judge`.
/// </summary>
public class LocalRunnerExecHandler(string runnerPath) : IExecHandler
{
    private int completed;

    /// <summary>Runs that reached the runner's exit (not cut off).</summary>
    public int CompletedRuns => Volatile.Read(ref completed);

    public async Task<int> ExecAsync(ExecContext context, CancellationToken cancellationToken)
    {
        if (context.Command is not ["letscode-runner", "judge", ..])
        {
            await context.Stderr.WriteAsync(Encoding.UTF8.GetBytes(
                $"exec: '{string.Join(' ', context.Command)}': only letscode-runner judge runs in a sandbox pod\n"), cancellationToken);
            return 127;
        }
        await BeforeRunAsync(context, cancellationToken);

        // The pod's own flags (--sandbox pod, its work and cache roots) are for a gVisor pod; here the local runner
        // keeps its default bubblewrap sandbox.
        var start = new ProcessStartInfo(runnerPath, ["judge"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{runnerPath} did not start");
        try
        {
            var input = Task.Run(async () =>
            {
                await context.Stdin.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
                process.StandardInput.Close();
            }, cancellationToken);
            var output = process.StandardOutput.BaseStream.CopyToAsync(context.Stdout, cancellationToken);
            var errors = process.StandardError.BaseStream.CopyToAsync(context.Stderr, cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            await Task.WhenAll(input, output, errors);
            Interlocked.Increment(ref completed);
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

    /// <summary>A hook for tests that act "mid-run" (hold the exec, record the pod) before the runner starts.</summary>
    protected virtual Task BeforeRunAsync(ExecContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
