using System.Diagnostics;
using System.Globalization;
using System.Text;
using LetsCode.Judge.Sandbox.Cgroups;
using LetsCode.Judge.Sandbox.Execution;

namespace LetsCode.Judge.Sandbox.Bubblewrap;

/// <summary>
/// One sandbox, fully set up (its own cgroup joined, rlimits set, namespaces and mounts built, seccomp installed) and
/// parked in its init until "go". Starting it costs one pipe write and the program's fork and exec, so cgroup
/// attachment (5-45 ms on cgroup v1) and bwrap's setup stay out of the measured, per-test path; the program's status
/// arrives on a FIFO as soon as it exits, so namespace teardown stays out too. Used once, then destroyed.
/// </summary>
internal sealed class PreparedSandbox
{
    /// <summary>Tasks besides the program in the run's cgroup once it runs: bwrap's monitor and the init (measured, bwrap 0.8).</summary>
    public const int LauncherTasks = 2;

    /// <summary>bwrap briefly needs a few more tasks while it sets up (a helper for the nested user namespace).</summary>
    private const int SetupTasks = 4;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MinCpuCheck = TimeSpan.FromMilliseconds(5);

    private readonly Process process;
    private readonly IRunCgroup cgroup;
    private readonly string scratch;
    private readonly BoundedCapture stderr;
    private readonly Task stderrPump;
    private readonly Task<bool> ready;
    private readonly int runTasks;
    private FileStream? status;
    private int killed;

    private PreparedSandbox(Process process, IRunCgroup cgroup, string scratch, SandboxLimits limits)
    {
        runTasks = limits.Processes + LauncherTasks;
        this.process = process;
        this.cgroup = cgroup;
        this.scratch = scratch;
        stderr = new BoundedCapture(process.StandardError.BaseStream, limits.StderrBytes, SignalAll);
        stderrPump = stderr.PumpAsync();
        ready = ReadMarkerAsync();
    }

    /// <exception cref="SandboxUnavailableException">The cgroup could not be created.</exception>
    public static async Task<PreparedSandbox> StartAsync(string name, SandboxRequest request, IReadOnlyList<string> bubblewrapArguments,
        string filterPath, ICgroupDriver cgroups, ProcessSpawner spawner, SandboxOptions options)
    {
        var limits = request.Limits;
        var scratch = RunScratch.Create(options.WorkRoot, name);
        IRunCgroup? cgroup = null;
        try
        {
            cgroup = cgroups.Create(name, new CgroupLimits(limits.MemoryBytes, Math.Max(limits.Processes + LauncherTasks, SetupTasks)));
            var start = new ProcessStartInfo(options.ShellPath)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = "/",
            };
            start.Environment.Clear();
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(LauncherScript.For(cgroup.ProcsFiles, limits, filterPath, RunScratch.StatusFifo(scratch), bubblewrapArguments, options));
            var process = await spawner.StartAsync(start).ConfigureAwait(false);
            return new PreparedSandbox(process, cgroup, scratch, limits);
        }
        catch
        {
            cgroup?.Remove();
            RunScratch.Delete(scratch);
            throw;
        }
    }

    private async Task<bool> ReadMarkerAsync()
    {
        var marker = new byte[1];
        try
        {
            var read = await process.StandardOutput.BaseStream.ReadAsync(marker).ConfigureAwait(false);
            if (read != 1 || marker[0] != (byte)BubblewrapArguments.ReadyMarker) return false;
            // The launcher holds the FIFO open read-write (it printed R after that), so this open does not block.
            status = new FileStream(RunScratch.StatusFifo(scratch), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
            // Setup is over and the init sits blocked in read(): from here until "go" nothing runs, so accounting
            // can start now, off the hot path (tighten the task limit, reset the peak, take the CPU baseline).
            cgroup.StartAccounting(runTasks);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Starts the program with the request's stdin and waits for it, enforcing every limit.</summary>
    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        var limits = request.Limits;
        bool isReady;
        try
        {
            isReady = await ready.WaitAsync(ReadyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            isReady = false;
        }
        if (!isReady || status is null) return await SetupFailureAsync().ConfigureAwait(false);

        var stopwatch = Stopwatch.StartNew();
        var stdin = process.StandardInput.BaseStream;
        try
        {
            await stdin.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false); // "go"
            await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return await SetupFailureAsync().ConfigureAwait(false);
        }
        var feeder = StdinFeeder.FeedAsync(request.StdinPath, stdin, cancellationToken);
        var stdout = new BoundedCapture(process.StandardOutput.BaseStream, limits.StdoutBytes, SignalAll);
        var stdoutPump = stdout.PumpAsync();

        var finished = ReadStatusAsync(status);
        bool wallLimitHit = false, cpuLimitHit = false;
        var wall = TimeSpan.FromMilliseconds(limits.WallTimeMs);
        var cpuLimitNs = limits.CpuTimeMs * 1_000_000;
        try
        {
            while (!finished.IsCompleted)
            {
                // CPU can grow at most ProcessorCount times faster than the wall clock: sleep until it could be over.
                var cpuLeft = TimeSpan.FromTicks(Math.Max(0, cpuLimitNs - cgroup.CpuTimeNanoseconds()) / 100 / Environment.ProcessorCount);
                var wallLeft = wall - stopwatch.Elapsed;
                var nap = TimeSpan.FromTicks(Math.Max(MinCpuCheck.Ticks, Math.Min(cpuLeft.Ticks, wallLeft.Ticks)));
                await Task.WhenAny(finished, Task.Delay(nap, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (finished.IsCompleted) break;
                if (stopwatch.Elapsed >= wall)
                {
                    wallLimitHit = true;
                    SignalAll();
                }
                else if (cgroup.CpuTimeNanoseconds() > cpuLimitNs)
                {
                    cpuLimitHit = true;
                    SignalAll();
                }
                if (Volatile.Read(ref killed) == 1) await finished.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            SignalAll();
            throw;
        }
        stopwatch.Stop();

        // Kill first, then read the counters while everything dies: the program is over, nothing changes them now.
        SignalAll(); // whatever the program left behind, the init and bwrap (DestroyAsync makes sure)
        var cpuNs = cgroup.CpuTimeNanoseconds();
        var peak = cgroup.PeakMemoryBytes();
        var oom = cgroup.OomKilled();
        try
        {
            await Task.WhenAll(stdoutPump, stderrPump, feeder).WaitAsync(DrainTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A pipe still held open after everything was killed: keep what was read.
        }

        // No status line means the init died with the program: we killed the run (limits) or the kernel did (OOM).
        var (exitCode, signal) = await finished.ConfigureAwait(false) is { } shellStatus ? ExitStatus.Decode(shellStatus) : (null, Libc.SigKill);
        const int sigxcpu = 24, sigxfsz = 25;
        return new SandboxResult
        {
            ExitCode = exitCode,
            Signal = signal,
            CpuTimeMs = cpuNs / 1_000_000,
            WallTimeMs = stopwatch.ElapsedMilliseconds,
            PeakMemoryBytes = peak,
            Stdout = stdout.Bytes,
            Stderr = stderr.Bytes,
            MemoryLimitHit = oom,
            CpuLimitHit = cpuLimitHit || signal == sigxcpu || cpuNs > cpuLimitNs,
            WallLimitHit = wallLimitHit && !cpuLimitHit,
            OutputLimitHit = stdout.Overflowed || signal == sigxfsz,
        };
    }

    /// <summary>The init's "$?" line for the program, or null when the FIFO closed without one.</summary>
    private static async Task<int?> ReadStatusAsync(FileStream fifo)
    {
        var buffer = new byte[16];
        var length = 0;
        try
        {
            while (length < buffer.Length)
            {
                var read = await fifo.ReadAsync(buffer.AsMemory(length)).ConfigureAwait(false);
                if (read == 0) return null;
                length += read;
                var newline = Array.IndexOf(buffer, (byte)'\n', 0, length);
                if (newline >= 0)
                    return int.TryParse(buffer.AsSpan(0, newline), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
            }
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The launcher or bwrap died before the program could start: report what it said.</summary>
    private async Task<SandboxResult> SetupFailureAsync()
    {
        KillAll();
        try
        {
            await process.WaitForExitAsync().WaitAsync(DrainTimeout).ConfigureAwait(false);
            await stderrPump.WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        var message = Encoding.UTF8.GetString(stderr.Bytes).Trim();
        return new SandboxResult
        {
            ExitCode = process.HasExited ? process.ExitCode : null,
            Stderr = stderr.Bytes,
            SandboxError = $"sandbox setup failed: {(message.Length > 0 ? message : "the launcher exited without a message")}",
        };
    }

    /// <summary>
    /// One SIGKILL to everything in the cgroup, on the hot path and from limit callbacks. One pass suffices: it
    /// includes the namespace's init, whose death makes the kernel kill the rest and refuse new forks in there.
    /// </summary>
    private void SignalAll()
    {
        Interlocked.Exchange(ref killed, 1);
        cgroup.SignalAll();
        try
        {
            if (!process.HasExited) process.Kill(); // the launcher, should it not have reached its cgroup yet
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void KillAll()
    {
        Interlocked.Exchange(ref killed, 1);
        cgroup.KillAll();
        try
        {
            if (!process.HasExited) process.Kill(); // the launcher, should it not have reached its cgroup yet
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Kills whatever is left, removes the cgroup and the scratch directory. Safe to call more than once.</summary>
    public async Task DestroyAsync()
    {
        KillAll();
        try
        {
            await process.WaitForExitAsync().WaitAsync(DrainTimeout).ConfigureAwait(false);
            await Task.WhenAll(stderrPump, ready).WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        cgroup.Remove();
        if (status is not null) await status.DisposeAsync().ConfigureAwait(false);
        RunScratch.Delete(scratch);
        process.Dispose();
    }
}
