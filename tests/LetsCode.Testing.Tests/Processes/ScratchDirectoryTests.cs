using System.Diagnostics;
using LetsCode.Testing.Processes;

namespace LetsCode.Testing.Tests.Processes;

public sealed class ScratchDirectoryTests
{
    [Fact]
    public async Task A_sweep_kills_the_server_of_a_crashed_run_and_removes_its_directory_but_leaves_live_runs_alone()
    {
        // A test host that has gone: a process that already exited. It waits on stdin until its identity is read
        // (a /bin/true can be exited and reaped before /proc is read).
        using var deadOwner = Process.Start(new ProcessStartInfo("/bin/cat") { RedirectStandardInput = true })!;
        var deadOwnerIdentity = ProcessIdentity.Of(deadOwner.Id)!.Value;
        deadOwner.StandardInput.Close();
        await deadOwner.WaitForExitAsync();
        Assert.False(deadOwnerIdentity.IsAlive);

        // The server it left running.
        using var orphan = Process.Start("/bin/sleep", "300")!;
        // Staged under another name and renamed into place, so that fixtures starting in parallel (they sweep too)
        // never see it half-written.
        var staging = Path.Combine(Path.GetTempPath(), $"staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        await File.WriteAllTextAsync(Path.Combine(staging, ".owner"), deadOwnerIdentity.ToString());
        await File.WriteAllTextAsync(Path.Combine(staging, ".server"), ProcessIdentity.Of(orphan.Id)!.Value.ToString());
        var leftover = Path.Combine(Path.GetTempPath(), $"{ScratchDirectory.Prefix}sweep-{Guid.NewGuid():N}");
        Directory.Move(staging, leftover);

        var live = ScratchDirectory.Create("sweep-live");
        try
        {
            ScratchDirectory.SweepLeftovers();

            Assert.True(orphan.WaitForExit(TimeSpan.FromSeconds(10)), "the orphaned server was killed");
            Assert.False(Directory.Exists(leftover));
            Assert.True(Directory.Exists(live.Path), "a directory of this (live) process is not swept");
        }
        finally
        {
            live.Delete();
            if (!orphan.HasExited)
            {
                orphan.Kill();
            }
        }
    }

    [Fact]
    public void A_reused_pid_is_not_mistaken_for_the_recorded_process()
    {
        var me = ProcessIdentity.Current;
        Assert.True(me.IsAlive);
        Assert.False((me with { StartTicks = me.StartTicks + 1 }).IsAlive);
        Assert.Equal(me, ProcessIdentity.Parse(me.ToString()));
        Assert.Null(ProcessIdentity.Parse("garbage"));
    }
}
