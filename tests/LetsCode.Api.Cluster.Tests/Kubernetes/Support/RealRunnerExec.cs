using System.Diagnostics;
using LetsCode.Kubernetes.Simulator;

namespace LetsCode.Api.Cluster.Tests.Kubernetes.Support;

/// <summary>
/// The simulated kubelet's exec for sandbox pods: starts the real `letscode-runner judge` (which sandboxes the program
/// with bubblewrap here) and wires the exec's stdin and stdout to it, as the runner image does in a pod.
/// </summary>
public sealed class RealRunnerExec(string runnerPath) : IExecHandler
{
    private int runs;

    /// <summary>Execs that ran the runner to its exit.</summary>
    public int Runs => Volatile.Read(ref runs);

    public async Task<int> ExecAsync(ExecContext context, CancellationToken cancellationToken)
    {
        if (context.Command is not ["letscode-runner", "judge", ..])
        {
            await context.Stderr.WriteAsync("exec: only letscode-runner judge runs in a sandbox pod\n"u8.ToArray(), cancellationToken);
            return 127;
        }
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
            Interlocked.Increment(ref runs);
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
