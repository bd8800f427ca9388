using System.Diagnostics;
using LetsCode.Judge.Sandbox.Execution;

namespace LetsCode.Judge.Sandbox.Insecure;

/// <summary>
/// DEVELOPMENT ONLY (<c>--insecure-no-sandbox</c>): runs the command as a plain child process of the judge, with the
/// host's file system, network and user. It still enforces wall time, the CPU rlimit and the output caps, and reports
/// CPU time and peak memory sampled from /proc (approximate). Never use it for untrusted code.
/// </summary>
internal sealed class UnsandboxedRunner(SandboxOptions options) : ISandbox
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(5);

    public IReadOnlyList<SandboxLayerStatus> Probe() =>
    [
        new("sandbox", false, "DISABLED by --insecure-no-sandbox: programs run unisolated, as the judge's own user"),
    ];

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        SandboxRequestValidator.Validate(request);
        if (request.BoxKeepsWrites) return await RunInAsync(request, request.BoxDirectory, cancellationToken).ConfigureAwait(false);
        // Even here a test run gets its own box (links to the artifacts), so what it writes never reaches the next test.
        var box = Path.Combine(options.WorkRoot, "insecure", Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(box);
            LinkedBox.Populate(request.BoxDirectory, box);
            return await RunInAsync(request, box, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(box, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task<SandboxResult> RunInAsync(SandboxRequest request, string workingDirectory, CancellationToken cancellationToken)
    {
        var limits = request.Limits;
        var start = new ProcessStartInfo(options.ShellPath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The shell sets rlimits, then becomes the program (exec), so the limits apply to it.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{RlimitScript.For(limits)} && exec \"$@\"");
        start.ArgumentList.Add("sh");
        foreach (var arg in request.Command) start.ArgumentList.Add(arg);
        start.Environment.Clear();
        foreach (var (key, value) in request.Environment) start.Environment[key] = value;
        if (!start.Environment.ContainsKey("PATH")) start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";

        using var process = new Process { StartInfo = start };
        var stopwatch = Stopwatch.StartNew();
        process.Start();

        var killed = 0;
        void Kill()
        {
            if (Interlocked.Exchange(ref killed, 1) == 1) return;
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }

        var stdout = new BoundedCapture(process.StandardOutput.BaseStream, limits.StdoutBytes, Kill);
        var stderr = new BoundedCapture(process.StandardError.BaseStream, limits.StderrBytes, Kill);
        var pumps = Task.WhenAll(stdout.PumpOnOwnThread(), stderr.PumpOnOwnThread(),
            StdinFeeder.FeedAsync(request.StdinPath, process.StandardInput.BaseStream, cancellationToken));

        var sampler = new ProcStatSampler(process.Id);
        var wallLimitHit = false;
        using (var wall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            wall.CancelAfter(TimeSpan.FromMilliseconds(limits.WallTimeMs));
            var exited = process.WaitForExitAsync(CancellationToken.None);
            while (!exited.IsCompleted)
            {
                sampler.Sample();
                var delay = Task.Delay(SampleInterval, CancellationToken.None);
                await Task.WhenAny(exited, delay).ConfigureAwait(false);
                if (wall.IsCancellationRequested && !exited.IsCompleted)
                {
                    wallLimitHit = !cancellationToken.IsCancellationRequested;
                    Kill();
                    await exited.ConfigureAwait(false);
                }
            }
        }

        stopwatch.Stop();
        await pumps.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var (exitCode, signal) = ExitStatus.Decode(process.ExitCode);
        const int sigxcpu = 24, sigxfsz = 25;
        return new SandboxResult
        {
            ExitCode = exitCode,
            Signal = signal,
            CpuTimeMs = sampler.CpuTimeMs,
            WallTimeMs = stopwatch.ElapsedMilliseconds,
            PeakMemoryBytes = sampler.PeakResidentBytes,
            Stdout = stdout.Bytes,
            Stderr = stderr.Bytes,
            CpuLimitHit = signal == sigxcpu || sampler.CpuTimeMs > limits.CpuTimeMs,
            WallLimitHit = wallLimitHit,
            OutputLimitHit = stdout.Overflowed || signal == sigxfsz,
            MemoryLimitHit = sampler.PeakResidentBytes > limits.MemoryBytes,
        };
    }
}
