using System.Runtime.InteropServices;
using LetsCode.Judge.Sandbox.Execution;

namespace LetsCode.Judge.Sandbox.Bubblewrap;

/// <summary>
/// The sandbox runs as an unprivileged host uid, so what it must see has to be reachable by that uid: every
/// ancestor of the box searchable by others, and the box searchable (a test run's entries are mounted one by one, by
/// name, so the directory need not be listable) or, for compiles, readable and owned by the sandbox uid so the
/// compiler can write its output. Checked up front so a misconfigured box is a clear error, not a bwrap failure.
/// </summary>
internal static class BoxAccess
{
    public static void Prepare(SandboxRequest request, SandboxOptions options)
    {
        if (request.BoxKeepsWrites) RequireReachable(request.BoxDirectory, "box directory");
        else RequireSearchable(request.BoxDirectory, "box directory");
        foreach (var path in request.ReadOnlyPaths) RequireReachable(path, "read-only path");
        if (!request.BoxKeepsWrites) return;
        var info = new DirectoryInfo(request.BoxDirectory);
        if (Libc.Chown(request.BoxDirectory, options.Uid, options.Gid) != 0)
            throw new SandboxUnavailableException("box", $"cannot hand {info.FullName} to uid {options.Uid}: errno {Marshal.GetLastPInvokeError()}");
    }

    private static void RequireReachable(string path, string what)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the sandbox runs on Linux only");
        RequireAncestorsSearchable(path, what);
        var mode = File.GetUnixFileMode(path);
        var needed = Directory.Exists(path) ? UnixFileMode.OtherRead | UnixFileMode.OtherExecute : UnixFileMode.OtherRead;
        if ((mode & needed) != needed)
            throw new ArgumentException($"{what} '{path}' is not readable by the sandbox uid (chmod o+r{(Directory.Exists(path) ? "x" : "")})");
    }

    private static void RequireSearchable(string directory, string what)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the sandbox runs on Linux only");
        RequireAncestorsSearchable(directory, what);
        if ((File.GetUnixFileMode(directory) & UnixFileMode.OtherExecute) == 0)
            throw new ArgumentException($"{what} '{directory}' is not searchable by the sandbox uid (chmod o+x)");
    }

    private static void RequireAncestorsSearchable(string path, string what)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the sandbox runs on Linux only");
        for (var directory = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(path)); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if ((File.GetUnixFileMode(directory) & UnixFileMode.OtherExecute) == 0)
                throw new ArgumentException($"{what} '{path}' is not reachable by the sandbox uid: '{directory}' is not searchable by others (chmod o+x)");
        }
    }
}
