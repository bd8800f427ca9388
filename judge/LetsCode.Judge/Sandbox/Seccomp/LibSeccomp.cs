using System.Runtime.InteropServices;

namespace LetsCode.Judge.Sandbox.Seccomp;

/// <summary>P/Invoke surface of libseccomp.so.2 (only what compiling a profile to BPF needs).</summary>
internal static partial class LibSeccomp
{
    private const string Library = "libseccomp.so.2";

    [StructLayout(LayoutKind.Sequential)]
    public struct ArgCompare
    {
        public uint Arg;
        public int Op;
        public ulong DatumA;
        public ulong DatumB;
    }

    [LibraryImport(Library, EntryPoint = "seccomp_init")]
    public static partial IntPtr Init(uint defaultAction);

    [LibraryImport(Library, EntryPoint = "seccomp_release")]
    public static partial void Release(IntPtr ctx);

    [LibraryImport(Library, EntryPoint = "seccomp_attr_set")]
    public static partial int AttrSet(IntPtr ctx, int attribute, uint value);

    [LibraryImport(Library, EntryPoint = "seccomp_arch_add")]
    public static partial int ArchAdd(IntPtr ctx, uint archToken);

    [LibraryImport(Library, EntryPoint = "seccomp_arch_native")]
    public static partial uint ArchNative();

    [LibraryImport(Library, EntryPoint = "seccomp_arch_resolve_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint ArchResolveName(string name);

    [LibraryImport(Library, EntryPoint = "seccomp_syscall_resolve_name_arch", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SyscallResolveName(uint archToken, string name);

    [LibraryImport(Library, EntryPoint = "seccomp_rule_add_array")]
    public static unsafe partial int RuleAddArray(IntPtr ctx, uint action, int syscall, uint argCount, ArgCompare* args);

    [LibraryImport(Library, EntryPoint = "seccomp_export_bpf")]
    public static partial int ExportBpf(IntPtr ctx, int fd);

    public const uint ActKillProcess = 0x80000000;
    public const uint ActKillThread = 0x00000000;
    public const uint ActTrap = 0x00030000;
    public const uint ActErrnoBase = 0x00050000;
    public const uint ActLog = 0x7ffc0000;
    public const uint ActAllow = 0x7fff0000;
    public const int NoSuchSyscall = -1;

    /// <summary>SCMP_FLTATR_CTL_OPTIMIZE: 2 lays the syscall checks out as a binary tree instead of a list.</summary>
    public const int AttributeOptimize = 8;
    public const uint OptimizeBinaryTree = 2;
}
