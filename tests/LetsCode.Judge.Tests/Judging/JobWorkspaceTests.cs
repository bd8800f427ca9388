using LetsCode.Judge.Judging;
using LetsCode.Judge.Tests.Support;

namespace LetsCode.Judge.Tests.Judging;

public sealed class JobWorkspaceTests : IDisposable
{
    private readonly TempDirectory _temp = new("letscode-workspace");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_live_job_is_kept_and_a_crashed_ones_leftovers_are_removed()
    {
        using var live = new JobWorkspace(_temp.Path);
        // What a crash leaves: the job directory and its owner file, with nobody holding the lock.
        var crashed = Path.Combine(_temp.Path, "jobs", "0123456789abcdef0123456789abcdef");
        Directory.CreateDirectory(Path.Combine(crashed, "3-stdin"));
        File.WriteAllText(Path.Combine(crashed, ".owner"), "");
        File.WriteAllText(Path.Combine(crashed, "3-stdin", "stdin"), "data");

        Assert.Equal(1, JobWorkspace.RemoveLeftovers(_temp.Path));
        Assert.True(Directory.Exists(live.Root));
        Assert.False(Directory.Exists(crashed));
    }

    [Fact]
    public async Task Judges_starting_while_others_open_jobs_never_remove_a_live_one()
    {
        // Many runner processes share one work root (a judge host, or every "pod" of the simulator on one machine):
        // each one sweeps leftovers when it starts while the others are creating their job directories.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var sweeping = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                JobWorkspace.RemoveLeftovers(_temp.Path);
            }
        });
        var jobs = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                using var job = new JobWorkspace(_temp.Path);
                var artifacts = job.NewPrivateDirectory("solution-artifacts");
                await File.WriteAllTextAsync(Path.Combine(artifacts, "main.py"), "print(1)");
                Assert.True(File.Exists(Path.Combine(artifacts, "main.py")), "the job's files are still there");
            }
        })).ToArray();
        try
        {
            await Task.WhenAll(jobs);
        }
        finally
        {
            await stop.CancelAsync();
            await sweeping;
        }
    }

    [Fact]
    public void A_finished_job_leaves_nothing_behind()
    {
        string root;
        using (var job = new JobWorkspace(_temp.Path))
        {
            root = job.Root;
            job.NewWritableBox("compile");
            job.NewReadOnlyBox("test");
        }
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Boxes_have_the_permissions_the_sandboxed_uid_needs()
    {
        using var job = new JobWorkspace(_temp.Path);
        Assert.Equal(UnixFileMode.OtherWrite, File.GetUnixFileMode(job.NewWritableBox("compile")) & UnixFileMode.OtherWrite);
        Assert.Equal(UnixFileMode.OtherRead, File.GetUnixFileMode(job.NewReadOnlyBox("test")) & UnixFileMode.OtherRead);
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(job.NewReadOnlyBox("test")) & UnixFileMode.OtherWrite);
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(job.NewPrivateDirectory("stdin")) & UnixFileMode.OtherRead);
    }
}
