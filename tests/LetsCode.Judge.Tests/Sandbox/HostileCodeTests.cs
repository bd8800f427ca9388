using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Sandbox;

/// <summary>
/// Hostile programs get a plain result and leave the host untouched. Every test first proves isolation with a
/// harmless probe (pid 1 in its own namespace, not root) and runs nothing hostile if that fails.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class HostileCodeTests(SandboxFixture fixture)
{
    private static SandboxLimits Limits => SandboxFixture.DefaultLimits;

    [Fact]
    public async Task Fork_bomb_is_capped_by_the_pids_limit_and_leaves_nothing_behind()
    {
        await fixture.ProveIsolationAsync();
        var result = await fixture.RunCAsync("""
            #include <stdio.h>
            #include <unistd.h>
            int main(void) {
                int made = 0;
                for (int i = 0; i < 1000; i++) { pid_t p = fork(); if (p == 0) { for (;;) pause(); } if (p > 0) made++; }
                printf("%d\n", made); return 0;
            }
            """, Limits with { Processes = 10 });
        Assert.Equal(0, result.ExitCode);
        Assert.InRange(int.Parse(SandboxFixture.Text(result.Stdout).Trim(), System.Globalization.CultureInfo.InvariantCulture), 0, 9);
        Assert.Empty(await SandboxFixture.LeftoverProcessesAsync()); // the paused children died with the run
    }

    [Fact]
    public async Task Shell_fork_bomb_ends_at_the_wall_limit_and_leaves_nothing_behind()
    {
        await fixture.ProveIsolationAsync();
        var result = await fixture.ShellAsync("bomb() { bomb | bomb & }; bomb; sleep 5", Limits with { Processes = 20, WallTimeMs = 1500 });
        Assert.True(result.WallLimitHit || result.ExitCode is not null);
        Assert.Empty(await SandboxFixture.LeftoverProcessesAsync());
    }

    [Fact]
    public async Task A_daemon_that_escapes_its_parent_dies_with_the_run()
    {
        await fixture.ProveIsolationAsync();
        var result = await fixture.RunCAsync("""
            #include <unistd.h>
            int main(void) {
                if (fork() == 0) { setsid(); if (fork() == 0) { for (;;) sleep(1); } return 0; }
                return 0;
            }
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(await SandboxFixture.LeftoverProcessesAsync());
    }

    [Fact]
    public async Task Network_connections_fail_to_localhost_and_outside()
    {
        await fixture.ProveIsolationAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var result = await fixture.PythonAsync($$"""
            import socket
            for host, port in (("127.0.0.1", {{port}}), ("1.1.1.1", 80), ("8.8.8.8", 53)):
                try:
                    s = socket.create_connection((host, port), timeout=2)
                    print("CONNECTED", host)
                except OSError as e:
                    print("failed", host, e.errno)
            try:
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", {{port}}))
                print("SENT udp")
            except OSError as e:
                print("failed udp", e.errno)
            """);
        var output = SandboxFixture.Text(result.Stdout);
        Assert.DoesNotContain("CONNECTED", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SENT", output, StringComparison.Ordinal);
        Assert.Equal(4, output.Split('\n').Count(l => l.StartsWith("failed", StringComparison.Ordinal)));
        Assert.Contains("failed 127.0.0.1 97", output, StringComparison.Ordinal); // EAFNOSUPPORT: the seccomp rule
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task Host_secrets_are_not_visible()
    {
        await fixture.ProveIsolationAsync();
        var result = await fixture.ShellAsync(
            "cat /etc/shadow; ls /root; ls /home; ls /etc; cat /proc/1/environ; ls /sys 2>&1 | head -3; echo done");
        var output = SandboxFixture.Text(result.Stdout);
        Assert.EndsWith("done\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("shadow", output, StringComparison.Ordinal);
        Assert.DoesNotContain("passwd", output, StringComparison.Ordinal); // /etc holds only what toolchains need
        Assert.Contains("No such file", SandboxFixture.Text(result.Stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_environment_variables_are_absent()
    {
        await fixture.ProveIsolationAsync();
        const string secret = "letscode-test-secret-6f1d";
        Environment.SetEnvironmentVariable("LETSCODE_HOST_SECRET", secret);
        try
        {
            var result = await fixture.PythonAsync("""
                import os
                print(sorted(os.environ.items()))
                for pid in os.listdir("/proc"):
                    if pid.isdigit():
                        try: print(open(f"/proc/{pid}/environ").read())
                        except OSError as e: print("no", pid, e.errno)
                """);
            var output = SandboxFixture.Text(result.Stdout);
            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            Assert.DoesNotContain("LETSCODE_HOST_SECRET", output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LETSCODE_HOST_SECRET", null);
        }
    }

    [Fact]
    public async Task Another_sandbox_files_are_not_reachable()
    {
        await fixture.ProveIsolationAsync();
        const string secret = "other-sandbox-secret-9c2e";
        var victimBox = fixture.NewBox();
        await File.WriteAllTextAsync(Path.Combine(victimBox, "answer.txt"), secret);
        var victim = fixture.RunAsync(fixture.Request(victimBox, "/bin/sh", "-c", $"echo {secret} > /tmp/note; sleep 2"));
        await Task.Delay(300);
        var attacker = await fixture.ShellAsync(
            $"cat /proc/*/root/tmp/note /proc/*/cwd/answer.txt {victimBox}/answer.txt 2>&1; find / -name note -o -name answer.txt 2>/dev/null; set -- /proc/[0-9]*; echo $#",
            // Walking the whole visible tree takes seconds on a loaded machine; the probe must finish to prove anything.
            SandboxFixture.DefaultLimits with { CpuTimeMs = 10_000, WallTimeMs = 30_000 });
        await victim;
        var output = SandboxFixture.Text(attacker.Stdout);
        Assert.Equal(0, attacker.ExitCode);
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        // Only its own processes: init and the shell. The shell counts them itself (a glob, no child): `ls /proc | grep`
        // raced, since ls could read /proc before grep had been forked.
        Assert.EndsWith("\n2\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_outside_box_and_tmp_fails()
    {
        await fixture.ProveIsolationAsync();
        var marker = "letscode-pwned-" + Guid.NewGuid().ToString("N");
        var box = fixture.NewBox();
        Directory.CreateDirectory(Path.Combine(box, "artifacts"));
        SandboxFixture.SetMode(Path.Combine(box, "artifacts"), (UnixFileMode)0b111_111_111); // world-writable on the host, even
        var result = await fixture.RunAsync(fixture.Request(box, "/bin/sh", "-c", string.Join("; ",
            new[] { "/", "/usr", "/usr/bin", "/etc", "/proc", "/dev", "/box/artifacts" }.Select(d => $"touch {d}/{marker} 2>/dev/null && echo WROTE {d}"))
            + "; echo ok > /tmp/fine && echo tmp-ok; echo ok > /box/fine && echo box-ok"));
        var output = SandboxFixture.Text(result.Stdout);
        Assert.DoesNotContain("WROTE", output, StringComparison.Ordinal);
        Assert.Contains("tmp-ok", output, StringComparison.Ordinal);
        Assert.Contains("box-ok", output, StringComparison.Ordinal); // the run's private /box, not the host's box directory
        Assert.False(File.Exists("/usr/" + marker) || File.Exists("/usr/bin/" + marker) || File.Exists("/etc/" + marker));
        Assert.Equal(["artifacts"], Directory.GetFileSystemEntries(box).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(box, "artifacts")));
    }

    [Fact]
    public async Task Kill_everything_only_kills_the_sandbox()
    {
        await fixture.ProveIsolationAsync();
        // A bystander on the host running as the same uid as the sandbox: the pid namespace must hide it.
        var bystanderStart = new ProcessStartInfo("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sleep", "30"]);
        using var bystander = Process.Start(bystanderStart)!;
        try
        {
            var result = await fixture.ShellAsync("sleep 10 & kill -9 -1; echo survived");
            Assert.Equal("survived\n", SandboxFixture.Text(result.Stdout)); // pid 1 itself is immune to its own kill -1
            Assert.False(bystander.HasExited);
        }
        finally
        {
            bystander.Kill();
        }
    }

    [Fact]
    public async Task Thousands_of_threads_are_capped()
    {
        await fixture.ProveIsolationAsync();
        var result = await fixture.RunCAsync("""
            #include <pthread.h>
            #include <stdio.h>
            #include <unistd.h>
            static void *idle(void *a) { pause(); return a; }
            int main(void) {
                int made = 0; pthread_t t;
                for (int i = 0; i < 5000; i++) if (pthread_create(&t, 0, idle, 0) == 0) made++;
                printf("%d\n", made); return 0;
            }
            """, Limits with { Processes = 16 }, "-pthread");
        Assert.Equal(0, result.ExitCode);
        Assert.InRange(int.Parse(SandboxFixture.Text(result.Stdout).Trim(), System.Globalization.CultureInfo.InvariantCulture), 1, 15);
        Assert.Empty(await SandboxFixture.LeftoverProcessesAsync());
    }

    [Fact]
    public async Task Deep_recursion_overflows_the_stack_limit()
    {
        await fixture.ProveIsolationAsync();
        var result = await fixture.RunCAsync("""
            #include <stdio.h>
            static long deep(long n) { volatile char pad[256]; pad[0] = (char)n; return deep(n + 1) + pad[0]; }
            int main(void) { printf("%ld\n", deep(0)); return 0; }
            """, Limits with { StackBytes = 8L << 20 });
        Assert.Equal(11, result.Signal); // SIGSEGV at the 8 MiB stack rlimit
    }

    [Fact]
    public async Task Filling_the_disk_is_bounded()
    {
        await fixture.ProveIsolationAsync();
        const long tmpSize = 8L << 20;
        var result = await fixture.ShellAsync(
            "for i in 1 2 3 4; do head -c 4000000 /dev/zero > /tmp/f$i; done; du -sb /tmp | cut -f1; " +
            "for i in 1 2 3 4; do head -c 4000000 /dev/zero > /box/f$i; done; du -sb /box | cut -f1",
            Limits with { FileSizeBytes = tmpSize });
        var lines = SandboxFixture.Text(result.Stdout).Split('\n');
        Assert.InRange(long.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture), 1, tmpSize);
        Assert.InRange(long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture), 1, tmpSize);
        Assert.Contains("No space left", SandboxFixture.Text(result.Stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filling_dev_shm_is_bounded_by_the_memory_limit()
    {
        await fixture.ProveIsolationAsync();
        var result = await fixture.ShellAsync("head -c 300000000 /dev/zero > /dev/shm/fill; echo rc=$?", Limits with { MemoryBytes = 64L << 20 });
        Assert.True(result.MemoryLimitHit || !SandboxFixture.Text(result.Stdout).Contains("rc=0", StringComparison.Ordinal));
        Assert.InRange(result.PeakMemoryBytes, 1, 64L << 20);
    }

    [Fact]
    public async Task Native_code_is_killed_by_seccomp_for_ptrace_mount_and_unshare()
    {
        await fixture.ProveIsolationAsync();
        foreach (var call in new[] { "ptrace(PTRACE_TRACEME, 0, 0, 0)", "mount(\"none\", \"/tmp\", \"tmpfs\", 0, 0)", "unshare(CLONE_NEWUSER)", "syscall(SYS_bpf, 0, 0, 0)" })
        {
            var result = await fixture.RunCAsync($$"""
                #define _GNU_SOURCE
                #include <sched.h>
                #include <stdio.h>
                #include <sys/mount.h>
                #include <sys/ptrace.h>
                #include <sys/syscall.h>
                #include <unistd.h>
                int main(void) { long rc = {{call}}; printf("returned %ld\n", rc); return 0; }
                """);
            Assert.Equal(31, result.Signal); // SIGSYS: the native profile kills on these
            Assert.Empty(result.Stdout);
        }
    }

    [Fact]
    public async Task Terminal_injection_is_refused_even_with_junk_in_the_upper_bits()
    {
        await fixture.ProveIsolationAsync();
        var result = await fixture.RunCAsync("""
            #include <errno.h>
            #include <stdio.h>
            #include <sys/syscall.h>
            #include <unistd.h>
            int main(void) {
                char c = 'x';
                long a = syscall(SYS_ioctl, 0, 0x5412UL, &c); int ea = errno;
                long b = syscall(SYS_ioctl, 0, 0xffffffff00005412UL, &c); int eb = errno;
                printf("%ld %d %ld %d\n", a, ea, b, eb); return 0;
            }
            """);
        Assert.Equal("-1 1 -1 1\n", SandboxFixture.Text(result.Stdout)); // EPERM from seccomp, not ENOTTY from a pipe
    }

    [Fact]
    public async Task Python_gets_errors_from_seccomp_for_blocked_calls()
    {
        await fixture.ProveIsolationAsync();
        var result = await fixture.PythonAsync("""
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            def call(name, *args):
                rc = getattr(libc, name)(*args)
                print(name, rc, ctypes.get_errno())
            call("ptrace", 0, 0, 0, 0)                 # PTRACE_TRACEME would succeed without seccomp
            call("unshare", 0x10000000)                # CLONE_NEWUSER
            call("mount", b"none", b"/tmp", b"tmpfs", 0, None)
            call("syscall", 425, 8, None)              # io_uring_setup -> ENOSYS
            call("personality", 0x0040000)             # ADDR_NO_RANDOMIZE
            call("syscall", 321, 0, None, 0)           # bpf
            call("ioctl", 0, 0x5412, b"x")             # TIOCSTI: type into a terminal
            """);
        var lines = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["ptrace -1 1", "unshare -1 1", "mount -1 1", "syscall -1 38", "personality -1 1", "syscall -1 1", "ioctl -1 1"], lines);
    }
}
