using System.Globalization;
using LetsCode.Judge.Sandbox.Cgroups;
using LetsCode.Judge.Sandbox.Execution;
using LetsCode.Judge.Sandbox.Seccomp;

namespace LetsCode.Judge.Sandbox.Bubblewrap;

/// <summary>
/// The hardened sandbox: bubblewrap + seccomp + a fresh cgroup + rlimits for every run, as an unprivileged uid.
/// To keep setup out of the per-test path it keeps the next sandboxes of the same shape (same command, box,
/// environment, profile and limits: the next tests of the same job) prepared; see <see cref="SparePool"/>.
/// </summary>
internal sealed class BubblewrapSandbox : ISandbox, IDisposable
{
    private readonly SandboxOptions options;
    private readonly ICgroupDriver cgroups;
    private readonly SeccompFilterCache filters;
    private readonly SandboxProbe probe;
    private readonly ProcessSpawner spawner = new();
    private readonly Janitor janitor = new();
    private readonly string owner = OwnerTag.Current();
    // Several sandboxes may live in one process (the API's test hosts, the judge's and the checker's): a token per
    // instance keeps their run names apart, while the owner tag before the '-' still says whose runs they are.
    private readonly string instance = Guid.NewGuid().ToString("N")[..8];
    private readonly Lock gate = new();
    private readonly HashSet<Task> cleanups = [];
    private readonly SparePool spares;
    private readonly HostLayout layout = HostLayout.Detect();
    private long sequence;
    private bool disposed;

    public BubblewrapSandbox(SandboxOptions options, ICgroupDriver cgroups, SeccompFilterCache filters, SandboxProbe probe)
    {
        this.options = options;
        this.cgroups = cgroups;
        this.filters = filters;
        this.probe = probe;
        // A caller that never disposes (a CLI returning from Main) still gets its prepared sandboxes and cgroups
        // removed; only a killed judge leaves leftovers, which the next start removes (RemoveLeftovers).
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        spares = new SparePool(Math.Max(1, options.PrewarmDepth), Math.Max(4, Environment.ProcessorCount * 4), options.PrewarmIdleTimeout, spare => Track(DiscardAsync(spare)));
    }

    public IReadOnlyList<SandboxLayerStatus> Probe() => probe.Run(this);

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        SandboxRequestValidator.Validate(request);
        BoxAccess.Prepare(request, options);
        var filter = filters.PathFor(request.SeccompProfile);
        var arguments = BubblewrapArguments.For(request, options, layout);
        var shape = ShapeKey(arguments, request.Limits);
        var prewarm = options.Prewarm && !request.BoxKeepsWrites; // a compile runs once per job: nothing to prepare for
        Task<PreparedSandbox> Prepare() => PrepareAsync(request, arguments, filter);

        var spare = spares.TryTake(shape);
        // A miss is the first test of a job (which pays the full setup anyway): prepare its successors right away, so
        // their setup overlaps this one's and they are ready when this test ends.
        if (spare is null && prewarm) spares.Fill(shape, Prepare);
        var prepared = await ClaimAsync(spare).ConfigureAwait(false) ?? await Prepare().ConfigureAwait(false);
        try
        {
            return await prepared.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Refill only now, between tests: preparing while a program runs competes with it (measured here: a
            // prepared run took twice as long with the next one being set up at the same time).
            if (prewarm) spares.Fill(shape, Prepare);
            Track(janitor.Enqueue(prepared.Destroy));
        }
    }

    /// <summary>Destroys a prepared sandbox nobody will use (if preparing it worked at all).</summary>
    private async Task DiscardAsync(Task<PreparedSandbox> spare)
    {
        PreparedSandbox prepared;
        try
        {
            prepared = await spare.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SandboxUnavailableException or IOException or ObjectDisposedException)
        {
            return;
        }
        await janitor.Enqueue(prepared.Destroy).ConfigureAwait(false);
    }

    private static async Task<PreparedSandbox?> ClaimAsync(Task<PreparedSandbox>? spare)
    {
        if (spare is null) return null;
        try
        {
            return await spare.ConfigureAwait(false);
        }
        catch (SandboxUnavailableException)
        {
            return null; // preparing it failed; the caller prepares afresh and reports the failure itself
        }
    }

    private Task<PreparedSandbox> PrepareAsync(SandboxRequest request, IReadOnlyList<string> arguments, string filter)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var name = $"{owner}-{instance}x{Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture)}";
        return PreparedSandbox.StartAsync(name, request, arguments, filter, cgroups, spawner, options);
    }

    /// <summary>Everything that makes two requests interchangeable for a prepared sandbox (stdin is given at "go").</summary>
    private static string ShapeKey(IReadOnlyList<string> arguments, SandboxLimits limits) =>
        string.Join('\0', arguments) + "\0" + limits;

    private void Track(Task cleanup)
    {
        lock (gate)
        {
            cleanups.Add(cleanup);
        }
        cleanup.ContinueWith(t =>
        {
            lock (gate)
            {
                cleanups.Remove(t);
            }
        }, TaskScheduler.Default);
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    /// <summary>Destroys prepared sandboxes and waits for every run's cleanup (kills, cgroup removal).</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
        }
        spares.Close();
        Task[] pending;
        lock (gate)
        {
            pending = [.. cleanups];
        }
        try
        {
            Task.WaitAll(pending, TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
        janitor.Dispose();
        spawner.Dispose();
    }

    /// <summary>Removes run cgroups and scratch directories whose owning judge process is gone (crashed or killed).</summary>
    public void RemoveLeftovers()
    {
        var runs = Path.Combine(options.WorkRoot, "runs");
        if (Directory.Exists(runs))
        {
            foreach (var directory in Directory.GetDirectories(runs))
            {
                if (!OwnerTag.IsAlive(Path.GetFileName(directory))) RunScratch.Delete(directory);
            }
        }
        foreach (var name in cgroups.ExistingRuns())
        {
            if (OwnerTag.IsAlive(name)) continue;
            try
            {
                cgroups.RemoveRun(name);
            }
            catch (IOException)
            {
            }
        }
    }

}
