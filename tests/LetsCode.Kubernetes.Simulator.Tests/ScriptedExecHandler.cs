using System.Globalization;
using System.Text;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>
/// Exec handler for the tests: "cat" echoes stdin, "echo ..." prints, "exit N" writes to stderr and exits N,
/// "sleep" waits until cancelled (and records that it was).
/// </summary>
internal sealed class ScriptedExecHandler : IExecHandler
{
    private int _cancelled;

    public int Cancelled => Volatile.Read(ref _cancelled);

    public List<ExecContext> Calls { get; } = [];

    public async Task<int> ExecAsync(ExecContext context, CancellationToken cancellationToken)
    {
        lock (Calls) Calls.Add(context);
        switch (context.Command)
        {
            case ["cat"]:
                await context.Stdin.CopyToAsync(context.Stdout, 81920, cancellationToken);
                return 0;
            case ["echo", ..]:
                await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(string.Join(' ', context.Command.Skip(1)) + "\n"), cancellationToken);
                return 0;
            case ["exit", var code]:
                await context.Stderr.WriteAsync(Encoding.UTF8.GetBytes($"exiting with {code}\n"), cancellationToken);
                return int.Parse(code, CultureInfo.InvariantCulture);
            case ["sleep"]:
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref _cancelled);
                    throw;
                }

                return 0;
            default:
                await context.Stderr.WriteAsync(Encoding.UTF8.GetBytes("unknown command\n"), cancellationToken);
                return 127;
        }
    }
}
