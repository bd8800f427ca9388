using System.Runtime.InteropServices;
using LetsCode.Kubernetes.Simulator.Exec;

namespace LetsCode.Kubernetes.Simulator.Standalone;

/// <summary>`dotnet run --project tests/LetsCode.Kubernetes.Simulator -- --port 6443 --kubeconfig PATH`.</summary>
internal static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var port = 6443;
        string? kubeconfig = null;
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
                default:
                    await Console.Error.WriteLineAsync(
                        $"unknown or incomplete argument '{args[i]}'; usage: [--port N] [--kubeconfig PATH]");
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
            new SimulatorOptions { ExecHandler = new SimulatedExecHandler() }, port, stop.Token);
        if (kubeconfig is not null)
        {
            simulator.WriteKubeconfig(kubeconfig);
        }

        Console.WriteLine($"Kubernetes API server SIMULATOR (not a real cluster) serving on {simulator.BaseAddress}");
        if (kubeconfig is not null) Console.WriteLine($"kubeconfig written to {kubeconfig}");
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
