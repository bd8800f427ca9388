using System.Diagnostics;
using System.Globalization;
using LetsCode.Judge.Sandbox.Execution;
using LetsCode.Judge.Sandbox.Insecure;

namespace LetsCode.Judge.Sandbox.Pod;

/// <summary>
/// Pod mode (<c>letscode-runner judge --sandbox pod</c>): for a runner that already runs INSIDE a one-submission
/// sandbox pod, where user namespaces and cgroup writes are not available. The pod is the isolation boundary (gVisor,
/// its Localhost seccomp profile, the deny-all NetworkPolicy, non-root, read-only root file system, resource limits);
/// this sandbox does NOT isolate anything by itself. Per run it adds the limits and the clean-up: rlimits, wall-clock,
/// CPU and memory (tree RSS sampled from /proc, killed at the limit), output caps, a fresh scratch directory with a
/// private box (links to the artifacts, see <see cref="LinkedBox"/>), and afterwards the kill of every process the
/// run left behind (the runner is a child subreaper, so a double-forked, setsid() program stays below it and is
/// found). Runs are serialized.
/// </summary>
public sealed class PodSandbox : ISandbox, IDisposable
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(5);
    private const int SigXcpu = 24;
    private const int SigXfsz = 25;

    private readonly SandboxOptions options;
    private readonly SemaphoreSlim oneRunAtATime = new(1, 1);
    private readonly ProcessSpawner spawner = new();
    private readonly int runnerPid = PodLibc.GetPid();
    private readonly bool runnerIsRoot = PodLibc.GetEffectiveUid() == 0;
    private readonly bool nonDumpable;
    private readonly string scratchRoot;

    /// <exception cref="SandboxUnavailableException">A layer pod mode relies on is missing (fail closed).</exception>
    public PodSandbox(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        if (!OperatingSystem.IsLinux()) throw new SandboxUnavailableException("pod", "pod mode runs on Linux only");
        if (!File.Exists("/proc/self/stat")) throw new SandboxUnavailableException("proc", "/proc is not mounted: pod mode measures and cleans up through it");
        if (!File.Exists(options.ShellPath)) throw new SandboxUnavailableException("rlimits", $"{options.ShellPath} not found (it sets the rlimits before exec)");
        if (runnerIsRoot && !File.Exists(options.SetprivPath))
            throw new SandboxUnavailableException("user", $"running as root and {options.SetprivPath} is missing: programs would run as root");
        if (runnerIsRoot && (options.Uid <= 0 || options.Gid <= 0))
            throw new SandboxUnavailableException("user", $"programs must run as an unprivileged uid/gid, not {options.Uid}/{options.Gid}");
        if (!PodLibc.BecomeChildSubreaper())
            throw new SandboxUnavailableException("subreaper", "prctl(PR_SET_CHILD_SUBREAPER) failed: left-behind processes could escape the clean-up");
        // Only a real runner hides its memory from the programs; a test host (root, other work going on) keeps its
        // dumpability, and root programs are dropped to the sandbox uid anyway.
        nonDumpable = !runnerIsRoot && PodLibc.BecomeNonDumpable();
        scratchRoot = Path.Combine(options.WorkRoot, "pod");
        // Each run deletes its own scratch; nothing here removes others' (runners may share a work root off-pod).
        Directory.CreateDirectory(scratchRoot);
    }

    public IReadOnlyList<SandboxLayerStatus> Probe() =>
    [
        new("pod", true,
            "POD MODE: this runner does not isolate programs itself. It relies on the pod: gVisor runtime, Localhost " +
            "seccomp profile, deny-all NetworkPolicy, non-root, all capabilities dropped, read-only root file system, " +
            "resource limits. It adds per-test limits and clean-up only. Never use it outside such a pod."),
        runnerIsRoot
            ? new("user", true, $"runner is root (not a pod): programs are dropped to uid {options.Uid} by {options.SetprivPath}")
            : new("user", true, $"runner is uid {PodLibc.GetEffectiveUid()}; programs run as the same uid (the pod's), " +
                                $"{(nonDumpable ? "the runner is non-dumpable (programs cannot ptrace or read its memory)" : "the runner could NOT make itself non-dumpable")}"),
        new("subreaper", true, "the runner is a child subreaper: processes a run leaves behind (double fork, setsid) stay below it and are killed after every run"),
        new("rlimits", true, "CPU (hard = soft), FSIZE, STACK, NOFILE, CORE = 0" + (runnerIsRoot ? "" : ", NPROC (counted over the pod's uid)") + ", set by a shell line before exec"),
        new("memory", true, $"the run's process tree RSS is sampled from /proc every {SampleInterval.TotalMilliseconds} ms and killed at the limit (no cgroup: a burst between samples can overshoot; the pod's memory limit is the hard bound)"),
        new("network", true, "not isolated here: the pod's NetworkPolicy and dnsPolicy None are the boundary"),
    ];

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        SandboxRequestValidator.Validate(request);
        await oneRunAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        var scratch = Path.Combine(scratchRoot, Guid.NewGuid().ToString("N"));
        try
        {
            PrepareScratch(scratch, request);
            return await RunLockedAsync(request, scratch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            DeleteQuietly(scratch);
            oneRunAtATime.Release();
        }
    }

    private async Task<SandboxResult> RunLockedAsync(SandboxRequest request, string scratch, CancellationToken cancellationToken)
    {
        var limits = request.Limits;
        var run = RunProcesses.Before(runnerPid);
        var cpuBefore = ReapedChildrenCpuTicks();
        var start = StartInfo(request, scratch);

        var stopwatch = Stopwatch.StartNew();
        using var process = await spawner.StartAsync(start).ConfigureAwait(false);
        var rootPid = process.Id;
        run.RootStarted(rootPid);

        var killRequested = 0;
        void Kill()
        {
            if (Interlocked.Exchange(ref killRequested, 1) == 1) return;
            LeftoverSweeper.KillAll(run, runnerPid, rootPid);
        }

        var stdout = new BoundedCapture(process.StandardOutput.BaseStream, limits.StdoutBytes, Kill);
        var stderr = new BoundedCapture(process.StandardError.BaseStream, limits.StderrBytes, Kill);
        var pumps = Task.WhenAll(stdout.PumpOnOwnThread(), stderr.PumpOnOwnThread(),
            StdinFeeder.FeedAsync(request.StdinPath, process.StandardInput.BaseStream, cancellationToken));

        var rootSampler = new ProcStatSampler(rootPid);
        long peakTreeBytes = 0, peakTreeCpuTicks = 0;
        bool memoryHit = false, cpuHit = false, wallHit = false;
        using (var wall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            wall.CancelAfter(TimeSpan.FromMilliseconds(limits.WallTimeMs));
            var exited = process.WaitForExitAsync(CancellationToken.None);
            // At least one sample even for a program that is done before the first look (then it is all we get).
            do
            {
                rootSampler.Sample(); // first: a short program may be gone by the time the whole table is read
                var (bytes, ticks) = SampleTree(run);
                peakTreeBytes = Math.Max(peakTreeBytes, bytes);
                peakTreeCpuTicks = Math.Max(peakTreeCpuTicks, ticks);
                if (bytes > limits.MemoryBytes) memoryHit = true;
                if (ticks * 1000 / ProcessTable.TicksPerSecond > limits.CpuTimeMs) cpuHit = true;
                if (wall.IsCancellationRequested)
                {
                    wallHit = !cancellationToken.IsCancellationRequested;
                }
                if (memoryHit || cpuHit || wall.IsCancellationRequested)
                {
                    Kill();
                    await exited.ConfigureAwait(false);
                    break;
                }
                await Task.WhenAny(exited, Task.Delay(SampleInterval, CancellationToken.None)).ConfigureAwait(false);
            }
            while (!exited.IsCompleted);
            await exited.ConfigureAwait(false);
        }
        stopwatch.Stop();

        // Whatever the run left behind dies now, before the pipes are drained: a background child holding stdout
        // open would otherwise keep the capture waiting, and must never see the next test.
        var (_, leftoverTicks) = LeftoverSweeper.KillAll(run, runnerPid, rootPid);
        await pumps.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var (exitCode, signal) = ExitStatus.Decode(process.ExitCode);
        // Reaped children's CPU (the root with everything it waited for, and the swept orphans) is exact; the samples
        // cover what the kernel never accounted to us (processes re-parented and killed between samples).
        var reapedTicks = ReapedChildrenCpuTicks() - cpuBefore;
        var cpuMs = Math.Max(reapedTicks, Math.Max(peakTreeCpuTicks, leftoverTicks)) * 1000 / ProcessTable.TicksPerSecond;
        return new SandboxResult
        {
            ExitCode = exitCode,
            Signal = signal,
            CpuTimeMs = cpuMs,
            WallTimeMs = stopwatch.ElapsedMilliseconds,
            PeakMemoryBytes = Math.Max(peakTreeBytes, rootSampler.PeakResidentBytes),
            Stdout = stdout.Bytes,
            Stderr = stderr.Bytes,
            MemoryLimitHit = memoryHit,
            CpuLimitHit = cpuHit || signal == SigXcpu || cpuMs > limits.CpuTimeMs,
            WallLimitHit = wallHit,
            OutputLimitHit = stdout.Overflowed || signal == SigXfsz,
        };
    }

    private ProcessStartInfo StartInfo(SandboxRequest request, string scratch)
    {
        var start = new ProcessStartInfo(runnerIsRoot ? options.SetprivPath : options.ShellPath)
        {
            WorkingDirectory = request.BoxKeepsWrites ? request.BoxDirectory : BoxOf(scratch),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var args = start.ArgumentList;
        if (runnerIsRoot)
        {
            // Not a pod (a developer's host or this repository's tests): never run a program as root.
            foreach (var arg in new[] { $"--reuid={options.Uid}", $"--regid={options.Gid}", "--clear-groups", "--", options.ShellPath })
                args.Add(string.Create(CultureInfo.InvariantCulture, $"{arg}"));
        }
        args.Add("-c");
        args.Add(PodLaunchScript.For(request.Limits, runnerIsRoot ? null : ProcessLimit(request.Limits.Processes)));
        args.Add("sh");
        foreach (var arg in request.Command) args.Add(arg);

        start.Environment.Clear();
        foreach (var (key, value) in request.Environment) start.Environment[key] = value;
        start.Environment.TryAdd("PATH", "/usr/local/bin:/usr/bin:/bin");
        // Always the run's own home, whatever the request says: a request's HOME=/tmp means the sandbox's private
        // /tmp, which pod mode cannot mount; the pod's /tmp is shared by every run (and holds the work root).
        start.Environment["HOME"] = HomeOf(scratch);
        start.Environment["TMPDIR"] = HomeOf(scratch);
        return start;
    }

    /// <summary>RLIMIT_NPROC counts every task of the uid, and in a pod the runner shares it: allow what is there now
    /// (the runner's threads, the pod's idle process) plus the run's budget and the launching shell.</summary>
    private static long ProcessLimit(int processes) => TasksOfUid(PodLibc.GetEffectiveUid()) + processes + 2;

    private static long TasksOfUid(uint uid)
    {
        long tasks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _)) continue;
            try
            {
                string? owner = null, threads = null;
                foreach (var line in File.ReadLines(Path.Combine(directory, "status")))
                {
                    if (line.StartsWith("Uid:", StringComparison.Ordinal)) owner = line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
                    else if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = line["Threads:".Length..].Trim();
                }
                if (owner == uid.ToString(CultureInfo.InvariantCulture) && long.TryParse(threads, CultureInfo.InvariantCulture, out var count))
                    tasks += count;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited meanwhile.
            }
        }
        return tasks;
    }

    private static (long Bytes, long CpuTicks) SampleTree(RunProcesses run)
    {
        var processes = run.In(ProcessTable.Read());
        var live = processes.Where(p => !p.Zombie).ToList();
        return (live.Sum(p => p.ResidentPages) * Environment.SystemPageSize, processes.Sum(p => p.CpuTicks));
    }

    /// <summary>cutime + cstime of the runner: CPU of every child it (or .NET for it) has waited for.</summary>
    private static long ReapedChildrenCpuTicks()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[16 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[17 - 3], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The run's scratch directory: <c>home</c> (HOME and TMPDIR) and, for test and checker runs, <c>box</c>, the
    /// working directory with the box's entries linked in (<see cref="LinkedBox"/>). When the runner is root (not a
    /// pod) and drops the program to the sandbox uid, home is the program's, and box is root's with the sticky bit
    /// and write access for the sandbox gid: the program can create files next to the artifacts but cannot delete,
    /// replace or write them (root's files, not writable by others). In a pod the program is the runner's own uid, so
    /// all of it is the program's: the pod is the boundary.
    /// </summary>
    private void PrepareScratch(string scratch, SandboxRequest request)
    {
        var home = HomeOf(scratch);
        Directory.CreateDirectory(home);
        if (runnerIsRoot)
        {
            SetMode(scratch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            SetMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            HandOver(home, options.Uid, options.Gid);
        }
        if (request.BoxKeepsWrites) return;
        var box = BoxOf(scratch);
        Directory.CreateDirectory(box);
        LinkedBox.Populate(request.BoxDirectory, box);
        if (!runnerIsRoot) return;
        SetMode(box, UnixFileMode.StickyBit | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                     UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);
        HandOver(box, 0, options.Gid);
    }

    private static string HomeOf(string scratch) => Path.Combine(scratch, "home");

    private static string BoxOf(string scratch) => Path.Combine(scratch, "box");

    private static void HandOver(string directory, int uid, int gid)
    {
        if (Libc.Chown(directory, uid, gid) != 0)
            throw new SandboxUnavailableException("scratch", $"cannot hand {directory} to uid {uid}, gid {gid}");
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    public void Dispose()
    {
        spawner.Dispose();
        oneRunAtATime.Dispose();
    }
}
