using System.Text.Json;
using LetsCode.Judge.Sandbox.Seccomp;

namespace LetsCode.Judge.Tests.Sandbox;

/// <summary>
/// The seccomp/*.json files are valid OCI profiles (Kubernetes nodes load them as Localhost profiles) and allow-lists:
/// every call not listed fails with ENOSYS, the dangerous calls are refused explicitly, every language profile is the
/// base plus its own extras, and the conditional rules mean one thing whatever order libseccomp checks them in.
/// </summary>
public sealed class SeccompProfileTests
{
    private const int Enosys = 38;
    private const uint Tiocsti = 0x5412;
    private const uint Tioclinux = 0x541C;
    private const ulong NamespaceFlags = 0x7E020080; // CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME

    private static readonly string Directory = Path.Combine(FindRepositoryRoot(), "seccomp");

    private static readonly string[] Languages = ["native", "python", "javascript", "jvm", "bash"];

    private static readonly string[] MustBlock =
    [
        "ptrace", "mount", "umount2", "unshare", "setns", "keyctl", "add_key", "bpf", "perf_event_open", "kexec_load",
        "reboot", "init_module", "finit_module", "delete_module", "userfaultfd", "io_uring_setup", "clone3", "process_vm_readv",
        "pidfd_getfd", "open_by_handle_at", "name_to_handle_at",
    ];

    /// <summary>What a judged program, its runtime and its compiler cannot do without (a sample of the allow-list).</summary>
    private static readonly string[] MustAllow =
    [
        "read", "write", "openat", "close", "mmap", "munmap", "mprotect", "brk", "execve", "exit_group", "futex", "rt_sigaction",
        "rt_sigreturn", "arch_prctl", "set_tid_address", "wait4", "pipe2", "dup2", "newfstatat", "statx", "getrandom", "rseq",
        "sched_getaffinity", "membarrier", "madvise", "epoll_pwait", "clock_nanosleep", "prlimit64", "sigaltstack", "fork", "vfork",
    ];

    private static readonly HashSet<string> OciTopLevel = ["defaultAction", "defaultErrnoRet", "architectures", "flags", "listenerPath", "listenerMetadata", "syscalls"];
    private static readonly HashSet<string> OciRule = ["names", "action", "errnoRet", "args"];
    private static readonly HashSet<string> OciArgument = ["index", "value", "valueTwo", "op"];

    public static TheoryData<string> Profiles()
    {
        var data = new TheoryData<string>();
        foreach (var name in Languages.Append("base")) data.Add(name);
        return data;
    }

    public static TheoryData<string> LanguageProfiles()
    {
        var data = new TheoryData<string>();
        foreach (var name in Languages) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Has_only_oci_fields(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")));
        var root = document.RootElement;
        Assert.Subset(OciTopLevel, root.EnumerateObject().Select(p => p.Name).ToHashSet());
        foreach (var rule in root.GetProperty("syscalls").EnumerateArray())
        {
            Assert.Subset(OciRule, rule.EnumerateObject().Select(p => p.Name).ToHashSet());
            if (!rule.TryGetProperty("args", out var args)) continue;
            foreach (var arg in args.EnumerateArray())
            {
                Assert.Subset(OciArgument, arg.EnumerateObject().Select(p => p.Name).ToHashSet());
                Assert.InRange(arg.GetProperty("index").GetInt32(), 0, 5);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Is_an_allow_list_that_refuses_the_dangerous_calls(string name)
    {
        var profile = Load(name);
        Assert.Equal("SCMP_ACT_ERRNO", profile.DefaultAction);
        Assert.Equal(Enosys, profile.DefaultErrnoRet); // runtimes probing a call the list lacks take their fallback
        Assert.Equal(["SCMP_ARCH_X86_64"], profile.Architectures);
        foreach (var rule in profile.Syscalls)
        {
            Assert.Contains(rule.Action, new[] { "SCMP_ACT_ERRNO", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_ALLOW" });
            if (rule.ErrnoRet is { } errno) Assert.InRange(errno, 1, 4095);
        }
        var allowedAlways = profile.Syscalls.Where(r => r.Action == "SCMP_ACT_ALLOW" && r.Args.Count == 0).SelectMany(r => r.Names).ToHashSet();
        var refused = profile.Syscalls.Where(r => r.Action != "SCMP_ACT_ALLOW" && r.Args.Count == 0).SelectMany(r => r.Names).ToHashSet();
        Assert.Empty(MustBlock.Except(refused));
        Assert.Empty(MustAllow.Except(allowedAlways));
        Assert.Empty(allowedAlways.Intersect(refused));
    }

    /// <summary>
    /// libseccomp merges the rules of one syscall, and a rule without conditions swallows every conditional rule of
    /// that syscall whatever their actions (db.c: "syscall exists without any chains"). So "allow ioctl" next to
    /// "refuse ioctl TIOCSTI" would silently allow TIOCSTI: a name is either unconditional, once, or conditional only.
    /// </summary>
    [Theory]
    [MemberData(nameof(Profiles))]
    public void No_syscall_mixes_an_unconditional_rule_with_other_rules(string name)
    {
        var profile = Load(name);
        foreach (var group in profile.Syscalls.SelectMany(r => r.Names.Select(n => (Name: n, Rule: r))).GroupBy(x => x.Name))
        {
            var rules = group.Select(x => x.Rule).ToList();
            if (rules.Any(r => r.Args.Count == 0)) Assert.True(rules.Count == 1, $"{name}: {group.Key} has an unconditional rule and {rules.Count - 1} more");
        }
    }

    [Theory]
    [MemberData(nameof(LanguageProfiles))]
    public void Every_language_profile_is_the_base_plus_its_extras(string name)
    {
        var shared = Load("base");
        var profile = Load(name);
        Assert.Equal(shared.DefaultAction, profile.DefaultAction);
        Assert.Equal(shared.DefaultErrnoRet, profile.DefaultErrnoRet);
        Assert.Equal(shared.Architectures, profile.Architectures);
        var rules = Expand(profile).ToLookup(r => (r.Name, r.Args));
        foreach (var rule in Expand(shared))
        {
            var match = rules[(rule.Name, rule.Args)].ToList();
            Assert.True(match.Count == 1, $"{name} lacks the base rule for {rule.Name} {rule.Args}");
            // The same action; only native kills, rather than refuses, the calls the base refuses with EPERM.
            var same = match[0].Action == rule.Action && match[0].ErrnoRet == rule.ErrnoRet;
            var killsInstead = name == "native" && rule.Action == "SCMP_ACT_ERRNO" && rule.ErrnoRet == 1 && rule.Args.Length == 0
                && match[0].Action == "SCMP_ACT_KILL_PROCESS";
            Assert.True(same || killsInstead, $"{name}: {rule.Name} is {match[0].Action} {match[0].ErrnoRet}, the base says {rule.Action} {rule.ErrnoRet}");
        }
        // Extras only ever allow more: anything a family adds is an unconditional allow the base lacks.
        var baseNames = shared.Syscalls.SelectMany(r => r.Names).ToHashSet();
        foreach (var rule in profile.Syscalls.Where(r => r.Names.Any(n => !baseNames.Contains(n))))
        {
            Assert.Equal("SCMP_ACT_ALLOW", rule.Action);
            Assert.Empty(rule.Args);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Ioctl_is_allowed_except_pushing_keys_into_a_terminal_whatever_the_upper_bits(string name)
    {
        var ioctl = Syscall(Load(name), "ioctl");
        var commands = Enumerable.Range(0, 0x10000).Select(c => (ulong)c)
            .Concat(Enumerable.Range(0, 4096).Select(i => (ulong)(uint)new Random(i).NextInt64(0, 1L << 32)))
            .Concat([0x80045430UL, 0xC0105400UL, 0xFFFFFFFFUL]);
        foreach (var command in commands)
        {
            foreach (var upper in new[] { 0UL, 0xFFFFFFFF00000000UL, 0x100000000UL })
            {
                var low = (uint)command;
                var expected = low is Tiocsti or Tioclinux ? "SCMP_ACT_ERRNO 1" : "SCMP_ACT_ALLOW";
                Assert.Equal(expected, ioctl.Decide([0, command | upper]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Socket_is_allowed_for_unix_only(string name)
    {
        var socket = Syscall(Load(name), "socket");
        foreach (var family in Enumerable.Range(0, 64).Select(f => (ulong)f).Concat([0x100000001UL, ulong.MaxValue]))
            Assert.Equal(family == 1 ? "SCMP_ACT_ALLOW" : "SCMP_ACT_ERRNO 97", socket.Decide([family, 1, 0]));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Clone_is_allowed_without_namespace_flags_only(string name)
    {
        var clone = Syscall(Load(name), "clone");
        var random = new Random(7);
        var flags = Enumerable.Range(0, 3000).Select(_ => (ulong)random.NextInt64())
            .Concat([0x11UL /* fork: SIGCHLD */, 0x3D0F00UL /* pthread_create */, 0x01200011UL /* glibc's fork */])
            .Concat(Enumerable.Range(0, 32).Select(bit => 1UL << bit));
        foreach (var flag in flags)
        {
            var expected = (flag & NamespaceFlags) != 0 ? "SCMP_ACT_ERRNO 1" : "SCMP_ACT_ALLOW";
            Assert.Equal(expected, clone.Decide([flag, 0, 0, 0, 0]));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Personality_can_be_queried_not_changed(string name)
    {
        var personality = Syscall(Load(name), "personality");
        foreach (var persona in new ulong[] { 0, 8, 0x20000, 0x40000, 0x20008, 0xFFFFFFFF, ulong.MaxValue, 0x1FFFFFFFF })
            Assert.Equal(persona == 0xFFFFFFFF ? "SCMP_ACT_ALLOW" : "SCMP_ACT_ERRNO 1", personality.Decide([persona]));
    }

    private static SyscallRules Syscall(SeccompProfile profile, string syscall) =>
        new(syscall, [.. profile.Syscalls.Where(r => r.Names.Contains(syscall))], $"{profile.DefaultAction} {profile.DefaultErrnoRet}");

    private static IEnumerable<(string Name, string Args, string Action, int? ErrnoRet)> Expand(SeccompProfile profile) =>
        profile.Syscalls.SelectMany(rule => rule.Names.Select(n =>
            (n, string.Join(";", rule.Args.Select(a => $"{a.Index} {a.Op} {a.Value} {a.ValueTwo}")), rule.Action, rule.ErrnoRet)));

    private static SeccompProfile Load(string name) => SeccompProfile.Parse(name, File.ReadAllText(Path.Combine(Directory, name + ".json")));

    private static string FindRepositoryRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (System.IO.Directory.Exists(Path.Combine(directory, "seccomp")) && File.Exists(Path.Combine(directory, "LetsCode.sln"))) return directory;
        }
        throw new DirectoryNotFoundException("repository root (with seccomp/) not found above " + AppContext.BaseDirectory);
    }
}
