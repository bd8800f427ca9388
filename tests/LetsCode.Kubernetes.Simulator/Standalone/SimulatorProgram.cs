using System.Runtime.InteropServices;
using LetsCode.Kubernetes.Simulator.Exec;

namespace LetsCode.Kubernetes.Simulator.Standalone;

/// <summary>
/// `dotnet run --project tests/LetsCode.Kubernetes.Simulator -- --port 6443 --kubeconfig PATH [--runner PATH]`; with
/// --runner, execs of `letscode-runner judge` into pods run that runner here, so the operator can judge for real.
/// </summary>
internal static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var port = 6443;
        string? kubeconfig = null;
        string? runner = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var p) && p is >= 0 and < 65536:
                    port = p;
                    i++;
                    break;
                case "--kubeconfig" when i + 1 < args.Length:
                    kubeconfig = args[++i];
                    break;
                case "--runner" when i + 1 < args.Length:
                    runner = Path.GetFullPath(args[++i]);
                    if (!File.Exists(runner))
                    {
                        await Console.Error.WriteLineAsync($"--runner: no file at {runner} (make build leaves artifacts/letscode-runner)");
                        return 2;
                    }
                    break;
                default:
                    await Console.Error.WriteLineAsync(
                        $"unknown or incomplete argument '{args[i]}'; usage: [--port N] [--kubeconfig PATH] [--runner PATH]");
                    return 2;
            }
        }

        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        await using var simulator = await KubernetesSimulator.StartAsync(
            new SimulatorOptions { ExecHandler = runner is null ? new SimulatedExecHandler() : new LocalRunnerExecHandler(runner) }, port, stop.Token);
        if (kubeconfig is not null)
        {
            simulator.WriteKubeconfig(kubeconfig);
        }

        Console.WriteLine($"Kubernetes API server SIMULATOR (not a real cluster) serving on {simulator.BaseAddress}");
        if (kubeconfig is not null) Console.WriteLine($"kubeconfig written to {kubeconfig}");
        Console.WriteLine(runner is null
            ? "pods/exec is simulated (echo and cat only)"
            : $"pods/exec of letscode-runner judge runs {runner} on this machine (bubblewrap sandbox)");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
