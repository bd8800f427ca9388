using Microsoft.Win32.SafeHandles;

namespace LetsCode.Judge.Sandbox.Seccomp;

/// <summary>
/// Compiles an OCI profile to a classic-BPF seccomp program with libseccomp (the same library runc and crun use, so
/// the filter means what the profile means on a Kubernetes node). Semantics follow runc: names unknown on this
/// architecture are skipped; conditions on the same argument become alternative rules, others are ANDed; a rule
/// whose action is the default is skipped; past 32 syscalls the checks form a binary tree. libseccomp merges the
/// rules of one syscall: an unconditional rule swallows every conditional rule of that syscall whatever their
/// actions, so a profile never mixes the two for one name (SeccompProfileTests checks it).
/// </summary>
internal static class SeccompCompiler
{
    private const int DefaultErrno = 1; // EPERM, as in runc

    /// <summary>runc's threshold for the binary tree (its comment: libseccomp up to 2.5.4 misbehaves with no rules).</summary>
    private const int BinaryTreeAbove = 32;

    /// <summary>Writes the BPF program to <paramref name="outputPath"/>.</summary>
    /// <exception cref="SandboxUnavailableException">libseccomp is missing or rejects the profile.</exception>
    public static unsafe void Compile(string name, SeccompProfile profile, string outputPath)
    {
        IntPtr ctx;
        try
        {
            ctx = LibSeccomp.Init(Action(profile.DefaultAction, profile.DefaultErrnoRet));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new SandboxUnavailableException("seccomp", "libseccomp.so.2 cannot be loaded (install libseccomp2)", e);
        }
        if (ctx == IntPtr.Zero) throw Fail(name, "seccomp_init failed");
        try
        {
            foreach (var arch in profile.Architectures)
            {
                var token = LibSeccomp.ArchResolveName(ArchName(arch));
                if (token == 0) throw Fail(name, $"unknown architecture {arch}");
                var added = LibSeccomp.ArchAdd(ctx, token);
                if (added != 0 && added != -17 /* EEXIST: the native one is always there */)
                    throw Fail(name, $"seccomp_arch_add({arch}) failed: {added}");
            }

            // Allowed calls cost nothing either way (the kernel caches syscalls a filter always allows); the tree
            // shortens the walk for the rest (conditional, refused and unknown calls) and the kernel's cache
            // preparation when the filter is loaded. runc does the same, so a node runs the same shape of program.
            if (profile.Syscalls.Sum(rule => rule.Names.Count) > BinaryTreeAbove)
                _ = LibSeccomp.AttrSet(ctx, LibSeccomp.AttributeOptimize, LibSeccomp.OptimizeBinaryTree); // older libseccomp: a list, same meaning

            var defaultAction = Action(profile.DefaultAction, profile.DefaultErrnoRet);
            var native = LibSeccomp.ArchNative();
            foreach (var rule in profile.Syscalls)
            {
                var action = Action(rule.Action, rule.ErrnoRet);
                if (action == defaultAction) continue; // libseccomp refuses no-op rules
                foreach (var syscallName in rule.Names)
                {
                    var number = LibSeccomp.SyscallResolveName(native, syscallName);
                    if (number == LibSeccomp.NoSuchSyscall) continue;
                    foreach (var conditions in ConditionSets(rule.Args))
                    {
                        var array = conditions.Select(a => new LibSeccomp.ArgCompare
                        {
                            Arg = a.Index, Op = (int)a.Op, DatumA = a.Value, // for MASKED_EQ: the mask; DatumB is the value (as runc maps them)
                            DatumB = a.ValueTwo,
                        }).ToArray();
                        int rc;
                        fixed (LibSeccomp.ArgCompare* p = array)
                        {
                            rc = LibSeccomp.RuleAddArray(ctx, action, number, (uint)array.Length, p);
                        }
                        if (rc != 0) throw Fail(name, $"rule for {syscallName} rejected by libseccomp ({rc})");
                    }
                }
            }

            using SafeFileHandle file = File.OpenHandle(outputPath, FileMode.Create, FileAccess.Write);
            var exported = LibSeccomp.ExportBpf(ctx, (int)file.DangerousGetHandle());
            if (exported != 0) throw Fail(name, $"seccomp_export_bpf failed ({exported})");
        }
        finally
        {
            LibSeccomp.Release(ctx);
        }
    }

    /// <summary>runc's rule: several conditions on one argument are alternatives (one rule each).</summary>
    private static IEnumerable<IReadOnlyList<SeccompArgument>> ConditionSets(IReadOnlyList<SeccompArgument> args)
    {
        if (args.Count == 0) return [[]];
        var sharesAnIndex = args.Select(a => a.Index).Distinct().Count() != args.Count;
        return sharesAnIndex ? args.Select(a => (IReadOnlyList<SeccompArgument>)[a]) : [args];
    }

    private static uint Action(string action, int? errno) => action switch
    {
        "SCMP_ACT_ALLOW" => LibSeccomp.ActAllow,
        "SCMP_ACT_ERRNO" => LibSeccomp.ActErrnoBase | (uint)((errno ?? DefaultErrno) & 0xffff),
        "SCMP_ACT_KILL" or "SCMP_ACT_KILL_THREAD" => LibSeccomp.ActKillThread,
        "SCMP_ACT_KILL_PROCESS" => LibSeccomp.ActKillProcess,
        "SCMP_ACT_TRAP" => LibSeccomp.ActTrap,
        "SCMP_ACT_LOG" => LibSeccomp.ActLog,
        _ => throw new SandboxUnavailableException("seccomp", $"unsupported seccomp action {action}"),
    };

    /// <summary>"SCMP_ARCH_X86_64" -> "x86_64", the name libseccomp resolves.</summary>
    private static string ArchName(string oci) =>
        (oci.StartsWith("SCMP_ARCH_", StringComparison.Ordinal) ? oci["SCMP_ARCH_".Length..] : oci).ToLowerInvariant();

    private static SandboxUnavailableException Fail(string name, string reason) =>
        new("seccomp", $"profile '{name}': {reason}");
}
