using System.Runtime.InteropServices;
using LetsCode.Judge.Sandbox.Execution;

namespace LetsCode.Judge.Sandbox.Bubblewrap;

/// <summary>A run's private directory under WorkRoot/runs (root only): holds the status FIFO.</summary>
internal static class RunScratch
{
    public static string Create(string workRoot, string name)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the sandbox runs on Linux only");
        var directory = Path.Combine(workRoot, "runs", name);
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (Libc.Mkfifo(StatusFifo(directory), 0b110_000_000) != 0)
            throw new SandboxUnavailableException("bubblewrap", $"cannot create the status FIFO in {directory}: errno {Marshal.GetLastPInvokeError()}");
        return directory;
    }

    public static string StatusFifo(string directory) => Path.Combine(directory, "status");

    public static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
