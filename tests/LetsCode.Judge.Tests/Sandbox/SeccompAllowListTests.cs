using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Tests.Sandbox;

/// <summary>
/// The compiled allow-lists inside the real sandbox: a call no profile lists fails with ENOSYS (the default action),
/// and the conditional rules still hold in every language profile. Every test first proves isolation with the
/// harmless probe; the programs only ask the kernel for things the filter must refuse, on fd -1 where it allows them.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class SeccompAllowListTests(SandboxFixture fixture)
{
    /// <summary>
    /// Each line is "what errno": 0 is success, 38 ENOSYS (not on the list), 97 EAFNOSUPPORT, 1 EPERM (a rule),
    /// 9 EBADF (allowed, then refused by the kernel for fd -1). Without the filter get_mempolicy succeeds,
    /// process_madvise fails with EBADF, clone(CLONE_NEWUSER) with ENOSPC (bwrap's --disable-userns) and
    /// unshare(CLONE_NEWUSER) with ENOSPC too, so each expected errno can only come from the filter.
    /// </summary>
    private const string Probe = """
        #define _GNU_SOURCE
        #include <errno.h>
        #include <pthread.h>
        #include <sched.h>
        #include <signal.h>
        #include <stdio.h>
        #include <sys/ioctl.h>
        #include <sys/personality.h>
        #include <sys/socket.h>
        #include <sys/syscall.h>
        #include <sys/wait.h>
        #include <termios.h>
        #include <unistd.h>
        static int err(long rc) { return rc == -1 ? errno : 0; }
        static void *idle(void *arg) { return arg; }
        static int child(long rc) { if (rc == 0) _exit(0); if (rc > 0) waitpid((pid_t)rc, 0, 0); return err(rc); }
        int main(int argc, char **argv) {
            int mode = 0; struct termios t; pthread_t thread;
            printf("get_mempolicy %d\n", err(syscall(SYS_get_mempolicy, &mode, 0, 0, 0, 0)));
            printf("process_madvise %d\n", err(syscall(SYS_process_madvise, -1, 0, 0, 0, 0)));
            printf("syscall-1000 %d\n", err(syscall(1000)));
            printf("socket-inet %d\n", err(socket(AF_INET, SOCK_STREAM, 0)));
            printf("socket-inet6 %d\n", err(socket(AF_INET6, SOCK_DGRAM, 0)));
            printf("socket-unix %d\n", socket(AF_UNIX, SOCK_STREAM, 0) >= 0 ? 0 : errno);
            printf("clone-newuser %d\n", child(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)));
            printf("clone-plain %d\n", child(syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0)));
            printf("fork %d\n", child(fork()));
            printf("thread %d\n", pthread_create(&thread, 0, idle, 0) == 0 && pthread_join(thread, 0) == 0 ? 0 : errno);
            printf("ioctl-tiocsti %d\n", err(ioctl(-1, TIOCSTI, "x")));
            printf("ioctl-tcgets %d\n", err(ioctl(-1, TCGETS, &t)));
            printf("personality-query %d\n", personality(0xffffffff) == -1 ? errno : 0);
            printf("personality-set %d\n", err(personality(ADDR_NO_RANDOMIZE)));
            if (argc > 1) printf("unshare %d\n", err(unshare(CLONE_NEWUSER)));
            return 0;
        }
        """;

    public static TheoryData<string> Profiles() => ["native", "python", "javascript", "jvm", "bash"];

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Unlisted_calls_get_ENOSYS_and_the_conditional_rules_hold(string profile)
    {
        await fixture.ProveIsolationAsync();
        var box = fixture.CompileC(Probe, "-pthread");
        // native kills on the refused list rather than answering EPERM (HostileCodeTests), so unshare is asked elsewhere.
        string[] command = profile == "native" ? ["/box/main"] : ["/box/main", "unshare"];
        var result = await fixture.RunAsync(fixture.Request(box, command) with { SeccompProfile = profile });
        string[] expected =
        [
            "get_mempolicy 38", "process_madvise 38", "syscall-1000 38", "socket-inet 97", "socket-inet6 97", "socket-unix 0",
            "clone-newuser 1", "clone-plain 0", "fork 0", "thread 0", "ioctl-tiocsti 1", "ioctl-tcgets 9",
            "personality-query 0", "personality-set 1", .. profile == "native" ? Array.Empty<string>() : ["unshare 1"],
        ];
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode} signal {result.Signal}: {SandboxFixture.Text(result.Stderr)}");
        Assert.Equal(expected, SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// The ioctl allow rule is 34 masked comparisons that must cover every command but TIOCSTI and TIOCLINUX, in the
    /// low 32 bits the kernel reads, whatever the upper ones hold: ask the compiled filter about every 16-bit command
    /// and thousands of 32-bit ones, on fd -1 (EBADF when allowed, EPERM when refused, ENOSYS for a gap).
    /// </summary>
    [Fact]
    public async Task Every_ioctl_command_but_terminal_injection_passes_the_filter()
    {
        await fixture.ProveIsolationAsync();
        var result = await fixture.RunCAsync("""
            #include <errno.h>
            #include <stdint.h>
            #include <stdio.h>
            #include <sys/syscall.h>
            #include <unistd.h>
            static long checked, wrong;
            static void check(unsigned long command) {
                uint32_t low = (uint32_t)command;
                int expected = low == 0x5412 || low == 0x541C ? EPERM : EBADF;
                long rc = syscall(SYS_ioctl, -1, command, 0);
                checked++;
                if (rc != -1 || errno != expected) { if (wrong++ < 5) printf("0x%lx: %ld errno %d\n", command, rc, errno); }
            }
            int main(void) {
                static const unsigned long upper[] = { 0, 0xffffffff00000000UL, 0x100000000UL };
                uint32_t x = 12345;
                for (int u = 0; u < 3; u++) {
                    for (unsigned long c = 0; c < 0x10000; c++) check(c | upper[u]);
                    for (int i = 0; i < 20000; i++) { x = x * 1664525u + 1013904223u; check(x | upper[u]); }
                }
                printf("checked %ld wrong %ld\n", checked, wrong);
                return 0;
            }
            """, SandboxFixture.DefaultLimits with { CpuTimeMs = 10_000, WallTimeMs = 30_000 });
        Assert.Equal($"checked {3 * (0x10000 + 20000)} wrong 0\n", SandboxFixture.Text(result.Stdout));
    }

    [Fact]
    public async Task Python_sees_ENOSYS_for_an_unlisted_call()
    {
        await fixture.ProveIsolationAsync();
        var result = await fixture.PythonAsync("""
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            mode = ctypes.c_int()
            rc = libc.syscall(239, ctypes.byref(mode), None, 0, None, 0)  # get_mempolicy: succeeds without the filter
            print(rc, ctypes.get_errno())
            """);
        Assert.Equal("-1 38\n", SandboxFixture.Text(result.Stdout));
    }
}
