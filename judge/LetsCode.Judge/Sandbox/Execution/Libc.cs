using System.Runtime.InteropServices;

namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>The few libc calls the sandbox needs that .NET does not expose.</summary>
internal static partial class Libc
{
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chown(string path, int owner, int group);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existingPath, string newPath);

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mkfifo(string path, uint mode);

    /// <summary>fcntl(2) command that sets a pipe's capacity (Linux, since 2.6.35).</summary>
    public const int FSetPipeSize = 1031;

    /// <summary>fcntl(2) command that reads a pipe's capacity.</summary>
    public const int FGetPipeSize = 1032;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(nint fd, int command, int argument);
}
