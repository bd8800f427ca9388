namespace LetsCode.Judge.Sandbox.Pod;

/// <summary>
/// Which processes belong to one run: everything below the runner (a child subreaper, so double-forked orphans stay
/// below it) that did not exist before the run and started no earlier than the run's own root process. Pod mode
/// serializes runs and the runner starts nothing else meanwhile, so that set is exactly the run's processes.
/// </summary>
internal sealed class RunProcesses(int runnerPid, HashSet<ProcessKey> before)
{
    private long rootStartTicks = long.MaxValue;

    /// <summary>Snapshot of the runner's descendants before the run starts.</summary>
    public static RunProcesses Before(int runnerPid) =>
        new(runnerPid, ProcessTable.Read().DescendantsOf(runnerPid).Select(p => p.Key).ToHashSet());

    /// <summary>Called once the run's root process exists (nothing older than it can belong to the run).</summary>
    public void RootStarted(int rootPid)
    {
        var root = ProcessTable.ReadOne(rootPid);
        // The root exited before we could read it: its start time is unknown, so fall back to "new since before".
        rootStartTicks = root?.StartTicks ?? 0;
    }

    public IReadOnlyList<ProcessEntry> In(ProcessTable table) =>
        table.DescendantsOf(runnerPid).Where(p => !before.Contains(p.Key) && p.StartTicks >= rootStartTicks).ToList();
}
