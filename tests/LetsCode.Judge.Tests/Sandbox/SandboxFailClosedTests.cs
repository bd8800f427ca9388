using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Sandbox;

/// <summary>When a layer cannot be set up, nothing runs and the error names the layer.</summary>
[Collection(SandboxCollection.Name)]
public sealed class SandboxFailClosedTests(SandboxFixture fixture)
{
    private SandboxOptions Options => new() { WorkRoot = Path.Combine(fixture.Root, "work-failclosed") };

    [Fact]
    public void Missing_bubblewrap_refuses_to_create_the_sandbox()
    {
        var error = Assert.Throws<SandboxUnavailableException>(() => SandboxFactory.Create(Options with { BubblewrapPath = "/nonexistent/bwrap" }));
        Assert.Equal("bubblewrap", error.Layer);
        Assert.Contains("/nonexistent/bwrap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_programs_as_root_is_refused()
    {
        var error = Assert.Throws<SandboxUnavailableException>(() => SandboxFactory.Create(Options with { Uid = 0 }));
        Assert.Equal("user", error.Layer);
    }

    [Fact]
    public void Missing_cgroups_refuse_to_create_the_sandbox()
    {
        var error = Assert.Throws<SandboxUnavailableException>(() => SandboxFactory.Create(Options with { CgroupRoot = fixture.Root }));
        Assert.Equal("cgroup memory", error.Layer);
    }

    [Fact]
    public void A_broken_seccomp_profile_refuses_to_create_the_sandbox()
    {
        var profiles = Path.Combine(fixture.Root, "profiles-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profiles);
        File.WriteAllText(Path.Combine(profiles, "native.json"), """{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_EXPLODE"}]}""");
        var error = Assert.Throws<SandboxUnavailableException>(() => SandboxFactory.Create(Options with { SeccompDirectory = profiles }));
        Assert.Equal("seccomp", error.Layer);
        Assert.Contains("SCMP_ACT_EXPLODE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_reports_every_layer_active_with_a_real_self_test()
    {
        var layers = fixture.Sandbox.Probe();
        foreach (var expected in new[] { "bubblewrap", "setpriv", "user namespace", "seccomp", "cgroup memory", "cgroup pids", "cgroup cpuacct", "rlimits", "self-test" })
        {
            var layer = Assert.Single(layers, l => l.Layer == expected);
            Assert.True(layer.Active, $"{layer.Layer}: {layer.Detail}");
        }
    }

    [Fact]
    public void Leftover_cgroups_of_a_dead_judge_are_removed_at_start()
    {
        var parent = "letscode-test-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            // A judge that died: pid 1's start time never matches "1.0", so the owner counts as gone.
            var leftovers = new[] { "memory", "pids", "cpuacct" }.Select(c => Path.Combine("/sys/fs/cgroup", c, parent, "1.0-7")).ToArray();
            foreach (var leftover in leftovers) Directory.CreateDirectory(leftover);
            using var sandbox = (IDisposable)SandboxFactory.Create(Options with { CgroupParent = parent });
            Assert.All(leftovers, leftover => Assert.False(Directory.Exists(leftover)));
        }
        finally
        {
            RemoveParent(parent);
        }
    }

    [Fact]
    public async Task No_cgroup_or_scratch_directory_outlives_a_disposed_sandbox()
    {
        var parent = "letscode-test-" + Guid.NewGuid().ToString("N")[..8];
        var options = Options with { WorkRoot = Path.Combine(fixture.Root, "work-" + parent), CgroupParent = parent };
        try
        {
            var sandbox = SandboxFactory.Create(options);
            var box = fixture.NewBox();
            for (var i = 0; i < 3; i++) await sandbox.RunAsync(fixture.Request(box, "/bin/true"), CancellationToken.None);
            Assert.NotEmpty(Directory.GetDirectories(Path.Combine("/sys/fs/cgroup/memory", parent))); // spares were prepared
            ((IDisposable)sandbox).Dispose();
            foreach (var controller in new[] { "memory", "pids", "cpuacct" })
                Assert.Empty(Directory.GetDirectories(Path.Combine("/sys/fs/cgroup", controller, parent)));
            Assert.Empty(Directory.GetDirectories(Path.Combine(options.WorkRoot, "runs")));
        }
        finally
        {
            RemoveParent(parent);
        }
    }

    private static void RemoveParent(string parent)
    {
        foreach (var controller in new[] { "memory", "pids", "cpuacct" })
        {
            var directory = Path.Combine("/sys/fs/cgroup", controller, parent);
            if (Directory.Exists(directory)) Directory.Delete(directory);
        }
    }
}
