using System.Globalization;
using LetsCode.Judge.Sandbox.Execution;

namespace LetsCode.Judge.Sandbox.Bubblewrap;

/// <summary>
/// The bwrap arguments for a test run's /box: a fresh tmpfs of bounded size (per sandbox instance, so nothing a run
/// writes survives it or reaches the next one; its pages are charged to the run's memory cgroup like /tmp's), owned by
/// the sandbox uid, with every entry of the box directory mounted read-only at its own name inside. Paths stay
/// /box/main, /box/Main.class...; the shared artifacts cannot be written, renamed, deleted or chmod-ed (EROFS, and
/// EBUSY for a mount point), while new files can be created next to them.
/// </summary>
internal static class PrivateBox
{
    public static IReadOnlyList<string> Arguments(string boxDirectory, long sizeBytes)
    {
        // bwrap runs as the sandbox uid, so the tmpfs root it creates is owned by that uid: 0755 lets the program write.
        var args = new List<string> { "--perms", "0755", "--size", sizeBytes.ToString(CultureInfo.InvariantCulture), "--tmpfs", BubblewrapArguments.BoxPath };
        foreach (var entry in BoxEntry.Of(boxDirectory))
        {
            var inside = BubblewrapArguments.BoxPath + "/" + entry.Name;
            args.AddRange(entry.SymlinkTarget is { } target ? ["--symlink", target, inside] : ["--ro-bind", entry.HostPath, inside]);
        }
        return args;
    }
}
