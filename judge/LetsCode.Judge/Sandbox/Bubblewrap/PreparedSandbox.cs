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
/// Pipes are read by dedicated threads started while preparing (.NET pipes have no asynchronous reads on Unix).
/// </summary>
internal sealed class PreparedSandbox
{
    /// <summary>Tasks besides the program in the run's cgroup once it runs: bwrap's monitor and the init (measured, bwrap 0.8).</summary>
    public const int LauncherTasks = 2;

    /// <summary>bwrap briefly needs a few more tasks while it sets up (a helper for the nested user namespace).</summary>
    private const int SetupTasks = 4;

    /// <summary>Inputs up to this size go into the empty stdin pipe (64 KiB) in one write that cannot block.</summary>
    private const int InlineInputBytes = 60 * 1024;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MinCpuCheck = TimeSpan.FromMilliseconds(5);

    private readonly Process process;
    private readonly IRunCgroup cgroup;
    private readonly string scratch;
    private readonly int runTasks;
    private readonly BoundedCapture stdout;
    private readonly BoundedCapture stderr;
    private readonly Task stderrPump;
    private readonly TaskCompletionSource<bool> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task<int?> finished;
    private volatile Task stdoutPump = Task.CompletedTask;
    private volatile FileStream? status;
    private int killed;

    private PreparedSandbox(Process process, IRunCgroup cgroup, string scratch, SandboxLimits limits)
    {
        this.process = process;
        this.cgroup = cgroup;
        this.scratch = scratch;
        runTasks = limits.Processes + LauncherTasks;
        stdout = new BoundedCapture(process.StandardOutput.BaseStream, limits.StdoutBytes, SignalAll);
        stderr = new BoundedCapture(process.StandardError.BaseStream, limits.StderrBytes, SignalAll);
        stderrPump = stderr.PumpOnOwnThread();
        finished = DedicatedThread.Run(WaitReadyThenStatus);
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

    /// <summary>
    /// The sandbox's status thread: waits for the init's "R", starts accounting (nothing runs until "go", so this is
    /// off the hot path: tighten the task limit, reset the peak, take the CPU baseline), then blocks on the FIFO
    /// for the program's status. Null when there is none (setup failed, or the run was killed).
    /// </summary>
    private int? WaitReadyThenStatus()
    {
        try
        {
            var marker = new byte[1];
            if (process.StandardOutput.BaseStream.Read(marker) != 1 || marker[0] != (byte)BubblewrapArguments.ReadyMarker)
            {
                ready.TrySetResult(false);
                return null;
            }
            // The launcher holds the FIFO open read-write (it printed R after that), so this open does not block.
            status = new FileStream(RunScratch.StatusFifo(scratch), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            cgroup.StartAccounting(runTasks);
            stdoutPump = stdout.PumpOnOwnThread();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            ready.TrySetResult(false);
            return null;
        }
        ready.TrySetResult(true);
        var code = ReadStatus(status);
        // The program is over: kill what is left (its orphans, the init, bwrap) from here, one hop sooner than the
        // waiting run would, so the pipes reach end-of-file while the run collects its counters.
        if (code is not null) SignalAll();
        return code;
    }

    /// <summary>The init's "$?" line for the program, or null when the FIFO closed without one.</summary>
    private static int? ReadStatus(FileStream fifo)
    {
        var buffer = new byte[16];
        var length = 0;
        try
        {
            while (length < buffer.Length)
            {
                var read = fifo.Read(buffer.AsSpan(length));
                if (read == 0) return null;
                length += read;
                var newline = Array.IndexOf(buffer, (byte)'\n', 0, length);
                if (newline >= 0)
                    return int.TryParse(buffer.AsSpan(0, newline), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
            }
            return null;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Starts the program with the request's stdin and waits for it, enforcing every limit.</summary>
    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        var limits = request.Limits;
        bool isReady;
        try
        {
            isReady = await ready.Task.WaitAsync(ReadyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            isReady = false;
        }
        if (!isReady) return await SetupFailureAsync().ConfigureAwait(false);

        var stopwatch = Stopwatch.StartNew();
        Task feeder;
        try
        {
            feeder = Go(request.StdinPath);
        }
        catch (IOException)
        {
            return await SetupFailureAsync().ConfigureAwait(false);
        }

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

    /// <summary>
    /// "go": the init's first stdin line, then the test's input. A small input goes in the same write (the pipe is
    /// empty, so it cannot block); a large one is copied by its own thread while the program runs.
    /// </summary>
    private Task Go(string? stdinPath)
    {
        var stdin = process.StandardInput.BaseStream;
        var size = stdinPath is null ? 0 : new FileInfo(stdinPath).Length;
        if (size <= InlineInputBytes)
        {
            var message = new byte[1 + size];
            message[0] = (byte)'\n';
            if (stdinPath is not null) File.ReadAllBytes(stdinPath).AsSpan(0, (int)size).CopyTo(message.AsSpan(1));
            stdin.Write(message);
            stdin.Flush();
            CloseQuietly(stdin);
            return Task.CompletedTask;
        }
        stdin.Write("\n"u8);
        stdin.Flush();
        return DedicatedThread.Run(() =>
        {
            try
            {
                using var input = new FileStream(stdinPath!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                input.CopyTo(stdin, 1 << 16);
            }
            catch (IOException)
            {
                // The program exited (or was killed) without reading all of its input: normal.
            }
            finally
            {
                CloseQuietly(stdin);
            }
        });
    }

    private static void CloseQuietly(Stream stream)
    {
        try
        {
            stream.Dispose();
        }
        catch (IOException)
        {
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
        KillLauncher();
    }

    private void KillAll()
    {
        Interlocked.Exchange(ref killed, 1);
        cgroup.KillAll();
        KillLauncher();
    }

    /// <summary>The launcher, should it not have reached its cgroup yet.</summary>
    private void KillLauncher()
    {
        try
        {
            if (!process.HasExited) process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>
    /// Kills whatever is left, removes the cgroup and the scratch directory. Blocks (removing a v1 cgroup retries
    /// until the killed tasks are gone): call it from the janitor. Safe to call more than once.
    /// </summary>
    public void Destroy()
    {
        KillAll();
        process.WaitForExit(DrainTimeout);
        try
        {
            Task.WaitAll([stderrPump, stdoutPump, finished], DrainTimeout);
        }
        catch (AggregateException)
        {
        }
        try
        {
            cgroup.Remove();
        }
        catch (IOException)
        {
            // Still busy after the retries (an unreaped zombie): the next start removes it as a leftover.
        }
        status?.Dispose();
        RunScratch.Delete(scratch);
        process.Dispose();
    }
}
