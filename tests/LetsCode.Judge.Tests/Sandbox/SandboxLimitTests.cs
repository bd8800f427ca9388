using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Sandbox;

/// <summary>Each limit is enforced by the kernel and reported as what really happened.</summary>
[Collection(SandboxCollection.Name)]
public sealed class SandboxLimitTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Runs_a_program_in_its_own_pid_namespace_as_an_unprivileged_uid_and_passes_stdin()
    {
        var box = fixture.NewBox();
        var input = Path.Combine(box, "input.txt");
        await File.WriteAllTextAsync(input, "21\n");
        var result = await fixture.RunAsync(fixture.Request(box, "/bin/sh", "-c", "read x; echo $$ $(id -u) $((x * 2)); exit 7") with { StdinPath = input });
        Assert.Null(result.SandboxError);
        Assert.Equal("2 65534 42\n", SandboxFixture.Text(result.Stdout)); // pid 1 is the sandbox's init
        Assert.Equal(7, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.False(result.CpuLimitHit || result.WallLimitHit || result.MemoryLimitHit || result.OutputLimitHit);
        Assert.InRange(result.PeakMemoryBytes, 1, 64L << 20);
    }

    [Fact]
    public async Task Large_stdin_reaches_the_program_whole()
    {
        var box = fixture.NewBox();
        var input = Path.Combine(box, "input.txt");
        await File.WriteAllTextAsync(input, string.Concat(Enumerable.Repeat("0123456789\n", 200_000))); // 2.2 MB
        var result = await fixture.RunAsync(fixture.Request(box, "/usr/bin/wc", "-c") with { StdinPath = input });
        Assert.Equal("2200000", SandboxFixture.Text(result.Stdout).Trim());
    }

    [Fact]
    public async Task Cpu_loop_hits_the_cpu_limit()
    {
        var result = await fixture.RunCAsync("int main(void){ volatile unsigned long x = 0; for (;;) x++; }",
            SandboxFixture.DefaultLimits with { CpuTimeMs = 500, WallTimeMs = 5000 });
        Assert.True(result.CpuLimitHit);
        Assert.False(result.WallLimitHit);
        Assert.InRange(result.CpuTimeMs, 500, 1500);
        Assert.Equal(9, result.Signal);
    }

    [Fact]
    public async Task Busy_threads_are_counted_together_and_stopped_by_the_cgroup_watchdog()
    {
        // Two spinning threads: the per-process RLIMIT_CPU would allow 2 s, the cgroup watchdog stops it near 0.6 s.
        var result = await fixture.RunCAsync("""
            #include <pthread.h>
            static void *spin(void *a) { volatile unsigned long x = 0; for (;;) x++; return a; }
            int main(void) { pthread_t t; pthread_create(&t, 0, spin, 0); spin(0); }
            """, SandboxFixture.DefaultLimits with { CpuTimeMs = 600, WallTimeMs = 5000 }, "-pthread");
        Assert.True(result.CpuLimitHit);
        Assert.InRange(result.CpuTimeMs, 600, 1200);
    }

    [Fact]
    public async Task Sleep_hits_the_wall_limit()
    {
        var result = await fixture.ShellAsync("sleep 30", SandboxFixture.DefaultLimits with { WallTimeMs = 400 });
        Assert.True(result.WallLimitHit);
        Assert.False(result.CpuLimitHit);
        Assert.InRange(result.WallTimeMs, 400, 2000);
        Assert.Equal(9, result.Signal);
    }

    [Fact]
    public async Task Memory_hog_hits_the_memory_limit_with_peak_near_it()
    {
        const long limit = 64L << 20;
        var result = await fixture.RunCAsync("""
            #include <stdlib.h>
            #include <string.h>
            int main(void) { for (;;) { char *p = malloc(1 << 20); if (!p) return 3; memset(p, 1, 1 << 20); } }
            """, SandboxFixture.DefaultLimits with { MemoryBytes = limit });
        Assert.True(result.MemoryLimitHit);
        Assert.Equal(9, result.Signal);
        Assert.InRange(result.PeakMemoryBytes, limit * 9 / 10, limit);
    }

    [Fact]
    public async Task Memory_below_the_limit_is_measured()
    {
        var result = await fixture.RunCAsync("""
            #include <stdlib.h>
            #include <string.h>
            #include <stdio.h>
            int main(void) {
                volatile char *p = malloc(40 << 20);
                for (long i = 0; i < (40 << 20); i += 4096) p[i] = (char)i;
                long sum = 0; for (long i = 0; i < (40 << 20); i += 4096) sum += p[i];
                printf("%ld\n", sum); return 0;
            }
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.False(result.MemoryLimitHit);
        Assert.InRange(result.PeakMemoryBytes, 40L << 20, 48L << 20);
    }

    [Fact]
    public async Task Huge_output_stops_at_the_limit()
    {
        var result = await fixture.ShellAsync("while :; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; done",
            SandboxFixture.DefaultLimits with { StdoutBytes = 10_000 });
        Assert.True(result.OutputLimitHit);
        Assert.Equal(10_001, result.Stdout.Length);
        Assert.False(result.WallLimitHit);
    }

    [Fact]
    public async Task Stderr_is_capped_too()
    {
        var result = await fixture.ShellAsync("yes error >&2", SandboxFixture.DefaultLimits with { StderrBytes = 1000, WallTimeMs = 3000 });
        Assert.Equal(1001, result.Stderr.Length);
        Assert.False(result.WallLimitHit); // killed at the cap, not left running until the wall clock
    }

    [Fact]
    public async Task Crash_is_reported_as_its_signal()
    {
        var result = await fixture.RunCAsync("int main(void){ volatile int *p = 0; return *p; }");
        Assert.Equal(11, result.Signal);
        Assert.Null(result.ExitCode);
    }

    [Fact]
    public async Task Abort_is_reported_as_sigabrt_because_the_program_is_not_the_namespace_init()
    {
        var result = await fixture.RunCAsync("#include <stdlib.h>\nint main(void){ abort(); }");
        Assert.Equal(6, result.Signal);
    }

    [Fact]
    public async Task A_single_process_limit_still_runs_python_but_refuses_forks()
    {
        var result = await fixture.PythonAsync("""
            import os
            try:
                os.fork(); print("forked")
            except OSError as e:
                print("refused", e.errno)
            """, SandboxFixture.DefaultLimits with { Processes = 1 });
        Assert.Equal("refused 11\n", SandboxFixture.Text(result.Stdout)); // EAGAIN from the pids controller
    }

    [Fact]
    public async Task Writing_a_file_larger_than_the_file_size_limit_fails()
    {
        var result = await fixture.ShellAsync("head -c 2000000 /dev/zero > /tmp/big; echo rc=$?; wc -c < /tmp/big",
            SandboxFixture.DefaultLimits with { FileSizeBytes = 1_000_000 });
        var output = SandboxFixture.Text(result.Stdout);
        var lines = output.Split('\n');
        Assert.Equal("rc=153", lines[0]); // head was killed by SIGXFSZ (128 + 25)
        Assert.InRange(long.Parse(lines[1].Trim(), System.Globalization.CultureInfo.InvariantCulture), 900_000, 1_000_000);
    }

    [Fact]
    public async Task Environment_is_exactly_the_requested_one()
    {
        var box = fixture.NewBox();
        var result = await fixture.RunAsync(fixture.Request(box, "/usr/bin/env") with
        {
            Environment = new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["ANSWER"] = "42" },
        });
        var lines = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.Equal(["ANSWER=42", "LANG=C.UTF-8", "PWD=/box"], lines); // bwrap sets PWD for --chdir; nothing comes from the host
    }

    [Fact]
    public async Task A_writable_box_keeps_what_the_program_writes()
    {
        var box = fixture.NewBox();
        var result = await fixture.RunAsync(fixture.Request(box, "/bin/sh", "-c", "echo built > /box/artifact") with { BoxKeepsWrites = true });
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("built\n", await File.ReadAllTextAsync(Path.Combine(box, "artifact")));
    }

    [Fact]
    public async Task Runs_of_the_same_shape_back_to_back_each_get_a_fresh_sandbox()
    {
        var box = fixture.NewBox();
        // Each run leaves a mark in /tmp; the next one (a sandbox prepared while this one ran) must not see it.
        var request = fixture.Request(box, "/bin/sh", "-c", "ls /tmp | wc -l; touch /tmp/mark");
        for (var i = 0; i < 5; i++)
        {
            var result = await fixture.RunAsync(request);
            Assert.Equal("0\n", SandboxFixture.Text(result.Stdout));
        }
    }

    [Fact]
    public async Task Concurrent_runs_do_not_interfere()
    {
        var runs = Enumerable.Range(0, 6).Select(async i =>
        {
            var box = fixture.NewBox();
            await File.WriteAllTextAsync(Path.Combine(box, "id"), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return (i, await fixture.RunAsync(fixture.Request(box, "/bin/sh", "-c", "sleep 0.2; cat /box/id")));
        });
        foreach (var (i, result) in await Task.WhenAll(runs))
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), SandboxFixture.Text(result.Stdout));
            Assert.Equal(0, result.ExitCode);
        }
    }

    [Fact]
    public async Task Cancellation_kills_the_run()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            fixture.Sandbox.RunAsync(fixture.Request(fixture.NewBox(), "/bin/sleep", "30"), cancel.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Bad_requests_are_clear_errors()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.RunAsync(fixture.Request("/nonexistent/box", "/bin/true")));
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.RunAsync(fixture.Request(fixture.NewBox(), "/bin/true") with { StdinPath = "/nonexistent" }));
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.RunAsync(fixture.Request(fixture.NewBox(), "/bin/true") with { SeccompProfile = "../etc" }));
        var missing = await Assert.ThrowsAsync<SandboxUnavailableException>(() =>
            fixture.RunAsync(fixture.Request(fixture.NewBox(), "/bin/true") with { SeccompProfile = "cobol" }));
        Assert.Equal("seccomp", missing.Layer);
        var closed = Directory.CreateTempSubdirectory("letscode-closed-"); // 0700: the sandbox uid cannot enter
        try
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.RunAsync(fixture.Request(closed.FullName, "/bin/true")));
            Assert.Contains("not searchable by the sandbox uid", error.Message, StringComparison.Ordinal);
            var compile = await Assert.ThrowsAsync<ArgumentException>(() => fixture.RunAsync(fixture.Request(closed.FullName, "/bin/true") with { BoxKeepsWrites = true }));
            Assert.Contains("not readable by the sandbox uid", compile.Message, StringComparison.Ordinal);
        }
        finally
        {
            closed.Delete();
        }
    }
}
