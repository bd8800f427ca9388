using System.Text;

namespace LetsCode.Kubernetes.Simulator.Exec;

/// <summary>
/// The exec of a simulator without an ExecHandler (and of the standalone simulator): runs nothing. `echo` and `cat` are imitated (so scripts can try the exec
/// protocol), everything else answers on stderr that exec is simulated and exits 126.
/// </summary>
internal sealed class SimulatedExecHandler : IExecHandler
{
    public async Task<int> ExecAsync(ExecContext context, CancellationToken cancellationToken)
    {
        switch (context.Command)
        {
            case ["echo", ..]:
                var line = string.Join(' ', context.Command.Skip(1)) + "\n";
                await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
                return 0;
            case ["cat"]:
                await context.Stdin.CopyToAsync(context.Stdout, cancellationToken);
                return 0;
            default:
                var message = $"simulated pod {context.Namespace}/{context.Pod}: exec is simulated, " +
                              $"'{string.Join(' ', context.Command)}' was not run (only echo and cat are imitated)\n";
                await context.Stderr.WriteAsync(Encoding.UTF8.GetBytes(message), cancellationToken);
                return 126;
        }
    }
}
