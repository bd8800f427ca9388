using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Sandbox;

/// <summary>
/// Test runs get a private, writable, size-bounded /box that starts with the box directory's entries (the job's
/// artifacts), which they can read but not change; nothing one run writes reaches the next run of the same box.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class PrivateBoxTests(SandboxFixture fixture)
{
    [Fact]
    public async Task A_run_creates_writes_and_reads_back_files_next_to_its_artifacts()
    {
        var box = fixture.NewBox();
        await WriteReadableAsync(Path.Combine(box, "data"), "artifact\n");
        await WriteReadableAsync(Path.Combine(box, ".hidden"), "dot\n");
        var result = await fixture.RunAsync(fixture.Request(box, "/bin/sh", "-c",
            "pwd; echo scratch > out.txt && cat out.txt; cat data .hidden; mkdir d && echo deep > d/f && cat d/f; ls -A | tr '\\n' ' '"));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/box\nscratch\nartifact\ndot\ndeep\n.hidden d data out.txt ", SandboxFixture.Text(result.Stdout));
        Assert.Equal([".hidden", "data"], Directory.GetFileSystemEntries(box).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Artifacts_cannot_be_changed_and_the_next_run_sees_them_intact_without_the_previous_files()
    {
        await fixture.ProveIsolationAsync();
        var box = fixture.NewBox();
        await WriteReadableAsync(Path.Combine(box, "main"), "original\n");
        Directory.CreateDirectory(Path.Combine(box, "lib"));
        await WriteReadableAsync(Path.Combine(box, "lib", "part"), "part\n");
        // World-writable on the host, so only the read-only mounts stand in the way (not file permissions).
        SandboxFixture.SetMode(Path.Combine(box, "main"), (UnixFileMode)0b110_110_110);
        SandboxFixture.SetMode(Path.Combine(box, "lib"), (UnixFileMode)0b111_111_111);
        SandboxFixture.SetMode(Path.Combine(box, "lib", "part"), (UnixFileMode)0b110_110_110);
        // Same request every time: the second and later runs use sandboxes prepared while the first one ran.
        var request = fixture.Request(box, "/bin/sh", "-c", string.Join("; ",
            "cat main lib/part",
            "ls -A | tr '\\n' ' '; echo",
            "{ echo evil > main; } 2>&1 | grep -o 'Read-only file system'",
            "{ echo evil >> main; } 2>&1 | grep -o 'Read-only file system'",
            "rm -f main 2>&1 | grep -o 'Device or resource busy'",
            "mv main moved 2>&1 | grep -o 'Device or resource busy'",
            "chmod 777 main 2>&1 | grep -o 'Read-only file system'",
            "touch -d 2000-01-01 main 2>&1 | grep -o 'Read-only file system'",
            "{ echo evil > lib/new; } 2>&1 | grep -o 'Read-only file system'",
            "rm -f lib/part 2>&1 | grep -o 'Read-only file system'",
            "echo left-behind > leftover"));
        const string expected = "original\npart\nlib main \n" + "Read-only file system\nRead-only file system\nDevice or resource busy\n"
                                + "Device or resource busy\nRead-only file system\nRead-only file system\nRead-only file system\n"
                                + "Read-only file system\n";
        for (var run = 0; run < 3; run++)
        {
            var result = await fixture.RunAsync(request);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(expected, SandboxFixture.Text(result.Stdout));
        }
        Assert.Equal("original\n", await File.ReadAllTextAsync(Path.Combine(box, "main")));
        Assert.Equal("part\n", await File.ReadAllTextAsync(Path.Combine(box, "lib", "part")));
        Assert.Equal(["lib", "main"], Directory.GetFileSystemEntries(box).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["part"], Directory.GetFileSystemEntries(Path.Combine(box, "lib")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Writing_more_than_the_bound_into_the_box_fails_and_the_host_disk_is_untouched()
    {
        await fixture.ProveIsolationAsync();
        const long bound = 8L << 20;
        var box = fixture.NewBox();
        // Files below the per-file limit until the box is full (ENOSPC), then one file over the limit.
        var result = await fixture.RunAsync(fixture.Request(box, "/bin/sh", "-c",
            "for i in 1 2 3 4; do head -c 3000000 /dev/zero > f$i || { echo full; break; }; done; du -sb . | cut -f1; rm f*; " +
            "head -c 9000000 /dev/zero > big; echo rc=$?") with { Limits = SandboxFixture.DefaultLimits with { FileSizeBytes = bound } });
        var lines = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("full", lines[0]);
        Assert.InRange(long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture), 6_000_000, bound);
        // The box is as large as the file-size limit: whichever the kernel checks first stops the write (SIGXFSZ = 128 + 25).
        Assert.Contains(lines[2], new[] { "rc=153", "rc=1" });
        Assert.Contains("No space left on device", SandboxFixture.Text(result.Stderr), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(box));
    }

    [Fact]
    public async Task Box_writes_count_against_the_memory_limit()
    {
        await fixture.ProveIsolationAsync();
        var result = await fixture.RunAsync(fixture.Request(fixture.NewBox(), "/bin/sh", "-c", "head -c 60000000 /dev/zero > fill; echo rc=$?") with
        {
            Limits = SandboxFixture.DefaultLimits with { MemoryBytes = 32L << 20, FileSizeBytes = 64L << 20 },
        });
        Assert.True(result.MemoryLimitHit || !SandboxFixture.Text(result.Stdout).Contains("rc=0", StringComparison.Ordinal));
        Assert.InRange(result.PeakMemoryBytes, 1, 32L << 20);
    }

    [Fact]
    public async Task A_symlink_in_the_box_resolves_inside_the_sandbox_never_on_the_host()
    {
        await fixture.ProveIsolationAsync();
        // A file the sandbox uid could read on the host, outside anything the sandbox mounts.
        var secret = Path.Combine(fixture.Root, "host-secret-" + Guid.NewGuid().ToString("N"));
        await WriteReadableAsync(secret, "host-secret-6f1a\n");
        var box = fixture.NewBox();
        await WriteReadableAsync(Path.Combine(box, "real"), "inside\n");
        File.CreateSymbolicLink(Path.Combine(box, "escape"), secret);
        File.CreateSymbolicLink(Path.Combine(box, "alias"), "real");
        var result = await fixture.RunAsync(fixture.Request(box, "/bin/sh", "-c", "cat alias; cat escape 2>/dev/null || echo unreachable; readlink escape"));
        Assert.Equal($"inside\nunreachable\n{secret}\n", SandboxFixture.Text(result.Stdout));
    }

    private static async Task WriteReadableAsync(string path, string text)
    {
        await File.WriteAllTextAsync(path, text);
        SandboxFixture.SetMode(path, (UnixFileMode)0b110_100_100);
    }
}
