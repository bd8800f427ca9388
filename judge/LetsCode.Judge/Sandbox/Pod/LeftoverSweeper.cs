using LetsCode.Judge.Sandbox.Execution;

namespace LetsCode.Judge.Sandbox.Pod;

/// <summary>
/// Kills every process of a run (the tree, and orphans it left behind) and reaps the ones re-parented to the runner,
/// repeating until none is left: a program forking in a loop cannot outrun it, because every fork stays below the
/// subreaper and every round kills all of them at once.
/// </summary>
internal static class LeftoverSweeper
{
    private const int MaxRounds = 200;

    /// <summary>
    /// Returns how many processes were killed, and the CPU ticks they had used when last seen. The root is killed but
    /// never reaped here: .NET's Process owns it and must see its exit status.
    /// </summary>
    public static (int Killed, long CpuTicks) KillAll(RunProcesses run, int runnerPid, int rootPid)
    {
        var killed = new Dictionary<ProcessKey, long>();
        for (var round = 0; round < MaxRounds; round++)
        {
            var alive = run.In(ProcessTable.Read());
            if (alive.All(p => p.Zombie && p.Pid == rootPid) || alive.Count == 0) break;
            foreach (var process in alive)
            {
                if (!process.Zombie) _ = Libc.Kill(process.Pid, Libc.SigKill);
                killed[process.Key] = process.CpuTicks;
            }
            // Orphans re-parented to the runner are its children now: nobody else will wait for them.
            foreach (var process in alive.Where(p => p.ParentPid == runnerPid && p.Pid != rootPid)) PodLibc.TryReap(process.Pid);
            if (round > 0) Thread.Sleep(1);
        }
        return (killed.Count, killed.Values.Sum());
    }
}
