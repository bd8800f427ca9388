using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LetsCode.Judge.Judging;
using LetsCode.Judge.Model;
using LetsCode.Judge.Sandbox.Bubblewrap;
using LetsCode.Judge.Tests.Support;

namespace LetsCode.Judge.Tests.Verdicts;

/// <summary>
/// Hostile programs submitted as real jobs through the real judge get the verdict docs/sandbox.md promises
/// ("Hostile programs through the judge") and leave the host untouched. Every test first proves isolation with the
/// shared harmless probe on the judge's own sandbox and runs nothing hostile if that fails. The collection runs
/// alone: fork bombs measure badly beside other tests, and leftover processes are looked for in the shared
/// sandbox's cgroups, where other tests' runs would show up.
/// </summary>
[Collection(HostileVerdictCollection.Name)]
public sealed class HostileVerdictTests(JudgeFixture fixture)
{
    private const int ProcessLimit = 16;

    // The run's cgroup admits the program's tasks plus the launcher's (bwrap's monitor and the init); once those are
    // gone the program may hold every slot, so it can create at most this many more tasks besides itself.
    private const int MostTasksCreated = ProcessLimit + PreparedSandbox.LauncherTasks - 1;

    [SandboxFact(Language = "c")]
    public async Task A_fork_bomb_is_a_time_limit_exceeded_capped_at_the_process_limit()
    {
        await fixture.ProveIsolationAsync();
        // Every process forks forever and never exits; each successful fork prints one line, so the lines count the
        // processes the bomb managed to create.
        var result = await JudgeAsync("c", """
            #include <unistd.h>
            int main(void) { for (;;) if (fork() > 0) write(1, "+\n", 2); }
            """, limits: new Limits { TimeMs = 1000, Processes = ProcessLimit });

        var test = Assert.Single(result.Tests);
        Assert.Equal(Verdict.TimeLimitExceeded, test.Verdict);
        Assert.InRange(test.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, 1, MostTasksCreated); // the pids limit held
        Assert.Empty(await Leftovers());
    }

    [SandboxFact(Language = "python3")]
    public async Task A_network_connection_fails_and_the_program_sees_it()
    {
        await fixture.ProveIsolationAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var result = await JudgeAsync("python3", """
            import socket
            port = int(input())
            for host, p in (("127.0.0.1", port), ("1.1.1.1", 80)):
                try:
                    socket.create_connection((host, p), timeout=2).close()
                    print("connected", host)
                except OSError:
                    print("blocked")
            """, input: $"{port}\n", expected: "blocked\nblocked\n");

        Assert.Equal(Verdict.Accepted, result.Verdict);
        Assert.False(listener.Pending(), "nothing reached the host's listener");
    }

    [SandboxFact(Language = "python3")]
    public async Task Host_secrets_cannot_be_read()
    {
        await fixture.ProveIsolationAsync();
        var result = await JudgeAsync("python3", """
            import os
            for path, read in (("/etc/shadow", lambda p: open(p).read()), ("/root", os.listdir), ("/home", os.listdir)):
                try:
                    read(path)
                    print(path, "READABLE")
                except OSError:
                    print(path, "unreadable")
            """, expected: "/etc/shadow unreadable\n/root unreadable\n/home unreadable\n");

        Assert.Equal(Verdict.Accepted, result.Verdict);
    }

    [SandboxFact(Language = "python3")]
    public async Task Another_running_sandbox_cannot_be_read()
    {
        await fixture.ProveIsolationAsync();
        // The victim keeps its secret in its stdin file (on the host, under the judge's work root) and in its private
        // /tmp while it sleeps; the attacker, judged meanwhile, looks through every path that could lead there. The
        // needle is assembled at run time, so the attacker's own source never matches it.
        var secret = "victim-secret-" + Guid.NewGuid().ToString("N");
        var victimStarted = new TestStartedSignal();
        var victim = fixture.JudgeAsync(Job("python3", """
            import time
            secret = input()
            with open("/tmp/note", "w") as f:
                f.write(secret)
            time.sleep(3)
            print("done")
            """, secret + "\n", "done\n", new Limits { TimeMs = 2000, WallTimeMs = 10_000 }), victimStarted);
        await victimStarted.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await Task.Delay(500); // the victim's sandbox is up and its note written

        var attacker = await JudgeAsync("python3", """
            import glob, os, stat, sys
            needle = ("victim" + "-secret-").encode()
            found = []
            def scan(path):
                try:
                    if stat.S_ISREG(os.stat(path).st_mode):
                        with open(path, "rb") as f:
                            if needle in f.read(1 << 20):
                                found.append(path)
                except OSError:
                    pass
            for pattern in ("/proc/*/root/tmp/*", "/proc/*/cwd/*", "/proc/*/fd/*", "/tmp/*", "/box/*", "/dev/shm/*"):
                for path in glob.glob(pattern):
                    scan(path)
            for top in (sys.stdin.readline().strip(), "/tmp", "/box", "/dev/shm"):
                for directory, _, files in os.walk(top):
                    for name in files:
                        scan(os.path.join(directory, name))
            print("found", *found) if found else print("nothing found")
            """, input: fixture.Options.WorkRoot + "\n", expected: "nothing found\n", limits: new Limits { TimeMs = 5000, WallTimeMs = 20_000 });

        Assert.True(attacker.Verdict == Verdict.Accepted, attacker.Tests[0].Stdout + attacker.Tests[0].Stderr);
        Assert.DoesNotContain(secret, attacker.Tests[0].Stdout + attacker.Tests[0].Stderr, StringComparison.Ordinal);
        Assert.Equal(Verdict.Accepted, (await victim).Verdict); // it was there all along, and unharmed
    }

    [SandboxFact(Language = "python3")]
    public async Task Writing_outside_the_sandbox_fails_and_leaves_no_file_on_the_host()
    {
        await fixture.ProveIsolationAsync();
        var marker = "letscode-pwned-" + Guid.NewGuid().ToString("N");
        string[] targets = ["/", "/etc", "/usr", "/usr/bin", "/bin", "/dev", "/proc", fixture.Options.WorkRoot];
        var result = await JudgeAsync("python3", """
            import sys
            marker = input()
            for directory in sys.stdin.read().split():
                try:
                    with open(directory + "/" + marker, "w") as f:
                        f.write("x")
                    print("WROTE", directory)
                except OSError:
                    print("refused")
            with open("/tmp/" + marker, "w") as f:  # its own private /tmp is writable
                f.write("x")
            print("own tmp ok")
            """, input: marker + "\n" + string.Join("\n", targets) + "\n",
            expected: string.Concat(targets.Select(_ => "refused\n")) + "own tmp ok\n");

        Assert.True(result.Verdict == Verdict.Accepted, result.Tests[0].Stdout);
        foreach (var directory in targets.Append("/tmp")) Assert.False(File.Exists(Path.Combine(directory, marker)), directory);
    }

    [SandboxFact(Language = "bash")]
    public async Task Kill_minus_9_minus_1_kills_only_the_sandbox()
    {
        await fixture.ProveIsolationAsync();
        // Canaries on the host, started before the run: one as root (this test's own uid) and one as the sandbox's
        // uid 65534, which the pid namespace alone must protect.
        using var rootCanary = Process.Start("/bin/sleep", "60");
        using var sandboxUidCanary = Process.Start("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sleep", "60"]);
        try
        {
            var result = await JudgeAsync("bash", "sleep 10 &\nkill -9 -1\necho survived\n", expected: "survived\n");

            Assert.Equal(Verdict.Accepted, result.Verdict); // the program itself is spared by its own kill -1
            Assert.False(rootCanary.HasExited, "the root canary was killed");
            Assert.False(sandboxUidCanary.HasExited, "the uid 65534 canary was killed");
            Assert.Empty(await Leftovers());
            var after = await JudgeAsync("bash", "echo still judging\n", expected: "still judging\n");
            Assert.Equal(Verdict.Accepted, after.Verdict); // and the judge goes on
        }
        finally
        {
            rootCanary.Kill();
            sandboxUidCanary.Kill();
        }
    }

    [SandboxFact(Language = "c")]
    public async Task Thousands_of_threads_are_a_runtime_error_capped_at_the_process_limit()
    {
        await fixture.ProveIsolationAsync();
        var result = await JudgeAsync("c", """
            #include <pthread.h>
            #include <stdio.h>
            #include <string.h>
            #include <unistd.h>
            static void *idle(void *arg) { pause(); return arg; }
            int main(void) {
                pthread_t thread;
                for (int i = 0; i < 5000; i++) {
                    int error = pthread_create(&thread, 0, idle, 0);
                    if (error) { printf("created %d\n", i); fprintf(stderr, "pthread_create: %s\n", strerror(error)); return 1; }
                }
                puts("created all 5000");
                return 0;
            }
            """, limits: new Limits { Processes = ProcessLimit });

        var test = Assert.Single(result.Tests);
        Assert.Equal(Verdict.RuntimeError, test.Verdict);
        Assert.Equal(1, test.ExitCode);
        Assert.InRange(int.Parse(test.Stdout.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), 1, MostTasksCreated); // the pids limit held
        Assert.Contains("Resource temporarily unavailable", test.Stderr, StringComparison.Ordinal);
        Assert.Empty(await Leftovers());
    }

    [SandboxFact(Language = "c")]
    public async Task Runaway_recursion_in_c_is_a_stack_overflow_runtime_error()
    {
        await fixture.ProveIsolationAsync();
        // Default limits (256 MiB of memory): the stack limit sits below the memory limit, so the stack overflows
        // (SIGSEGV) before the cgroup's OOM killer would make it a MemoryLimitExceeded.
        var result = await JudgeAsync("c", """
            #include <stdio.h>
            static long deep(long n) { volatile char pad[256]; pad[0] = (char)n; return deep(n + 1) + pad[0]; }
            int main(void) { printf("%ld\n", deep(0)); return 0; }
            """);

        var test = Assert.Single(result.Tests);
        Assert.Equal(Verdict.RuntimeError, test.Verdict);
        Assert.Equal("SIGSEGV", test.Signal);
    }

    [SandboxFact(Language = "python3")]
    public async Task Runaway_recursion_in_python_is_a_runtime_error()
    {
        await fixture.ProveIsolationAsync();
        var result = await JudgeAsync("python3", "def deep(n):\n    return deep(n + 1) + 1\nprint(deep(0))\n");

        var test = Assert.Single(result.Tests);
        Assert.Equal(Verdict.RuntimeError, test.Verdict);
        Assert.Contains("RecursionError", test.Stderr, StringComparison.Ordinal);
    }

    [SandboxFact(Language = "c")]
    public async Task Filling_the_disk_with_one_file_is_an_output_limit_exceeded()
    {
        await fixture.ProveIsolationAsync();
        // The file-size rlimit (64 MiB, the size of the private /tmp too) kills the writer with SIGXFSZ.
        var name = "letscode-fill-" + Guid.NewGuid().ToString("N");
        var result = await JudgeAsync("c", """
            #include <stdio.h>
            #include <sys/statvfs.h>
            int main(void) {
                static char block[1 << 20], name[128], path[160];
                struct statvfs tmp;
                if (scanf("%127s", name) != 1 || statvfs("/tmp", &tmp) != 0) return 2;
                printf("tmp %llu\n", (unsigned long long)tmp.f_blocks * tmp.f_frsize);
                fflush(stdout);
                snprintf(path, sizeof path, "/tmp/%s", name);
                FILE *file = fopen(path, "wb");
                for (;;) fwrite(block, 1, sizeof block, file);
            }
            """, input: name + "\n");

        var test = Assert.Single(result.Tests);
        Assert.Equal(Verdict.OutputLimitExceeded, test.Verdict);
        Assert.Equal("SIGXFSZ", test.Signal);
        Assert.Equal($"tmp {64L << 20}\n", test.Stdout); // a private, bounded tmpfs, not the host's disk
        Assert.False(File.Exists(Path.Combine("/tmp", name)));
        Assert.Empty(Directory.EnumerateFiles(fixture.Options.WorkRoot, name, SearchOption.AllDirectories));
    }

    [SandboxFact(Language = "python3")]
    public async Task Filling_the_disk_with_many_files_is_a_runtime_error_when_the_program_dies_of_it()
    {
        await fixture.ProveIsolationAsync();
        // Python ignores SIGXFSZ, and each file stays under the size limit anyway: the program sees ENOSPC from its
        // full private /tmp and dies of the unhandled error.
        var name = "letscode-fill-" + Guid.NewGuid().ToString("N");
        var result = await JudgeAsync("python3", """
            name = input()
            i = 0
            while True:
                with open(f"/tmp/{name}-{i}", "wb") as f:
                    f.write(b"x" * (4 << 20))
                i += 1
            """, input: name + "\n");

        var test = Assert.Single(result.Tests);
        Assert.Equal(Verdict.RuntimeError, test.Verdict);
        Assert.Contains("No space left on device", test.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles("/tmp", name + "*"));
        Assert.Empty(Directory.EnumerateFiles(fixture.Options.WorkRoot, name + "*", SearchOption.AllDirectories));
    }

    [SandboxFact(Language = "python3")]
    public async Task Host_environment_variables_are_not_visible()
    {
        await fixture.ProveIsolationAsync();
        var variable = "LETSCODE_HOST_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "host-secret-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await JudgeAsync("python3", """
                import os
                needle = "host" + "-secret-"
                seen = [k for k, v in os.environ.items() if k.startswith("LETSCODE") or needle in v]
                for pid in filter(str.isdigit, os.listdir("/proc")):
                    try:
                        with open(f"/proc/{pid}/environ", "rb") as f:
                            if needle.encode() in f.read():
                                seen.append(pid)
                    except OSError:
                        pass
                print("visible", *seen) if seen else print("absent")
                """, expected: "absent\n");

            Assert.True(result.Verdict == Verdict.Accepted, result.Tests[0].Stdout);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private static JudgeJob Job(string language, string source, string input, string expected, Limits? limits) => new()
    {
        Language = language,
        Source = source,
        Tests = [new TestCase { Name = "hostile", Input = input, ExpectedOutput = expected }],
        Limits = limits ?? new Limits(),
    };

    private Task<JudgeResult> JudgeAsync(string language, string source, string input = "", string expected = "", Limits? limits = null) =>
        fixture.JudgeAsync(Job(language, source, input, expected, limits));

    private static Task<IReadOnlyList<string>> Leftovers() => SandboxLeftovers.FindAsync(SandboxAvailability.CgroupParent);

    /// <summary>Completes when the judge starts the job's first test.</summary>
    private sealed class TestStartedSignal : TaskCompletionSource, IJudgeObserver
    {
        public ValueTask CompiledAsync(CompileResult compile) => ValueTask.CompletedTask;

        public ValueTask TestStartedAsync(int index, string name)
        {
            TrySetResult();
            return ValueTask.CompletedTask;
        }

        public ValueTask TestFinishedAsync(int index, TestResult result) => ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileVerdictCollection : ICollectionFixture<JudgeFixture>
{
    public const string Name = "hostile verdicts";
}
