using System.Text.Json;
using LetsCode.Judge.Judging;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Runner.Commands;

/// <summary>
/// `letscode-runner doctor`: which sandbox layers are active here and why any is missing. Exit 0 when the judge
/// can run sandboxed, 1 when it cannot (or runs with --insecure-no-sandbox).
/// </summary>
internal static class DoctorCommand
{
    public static async Task<int> RunAsync(JudgeOptions options, Stream stdout, CancellationToken cancellationToken)
    {
        DoctorReport report;
        try
        {
            var sandbox = JudgeFactory.CreateSandbox(options);
            var layers = sandbox.Probe().Select(l => new DoctorLayer(l.Layer, l.Active, l.Detail)).ToList();
            var ready = !options.InsecureNoSandbox && layers.Count > 0 && layers.All(l => l.Active);
            report = new DoctorReport(ready, options.InsecureNoSandbox, layers, null);
        }
        catch (SandboxUnavailableException e)
        {
            report = new DoctorReport(false, options.InsecureNoSandbox, [new DoctorLayer(e.Layer, false, e.Message)], e.Message);
        }
        await JsonSerializer.SerializeAsync(stdout, report, new RunnerOutput().Runner.DoctorReport, cancellationToken).ConfigureAwait(false);
        await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        return report.Ready ? 0 : 1;
    }
}
