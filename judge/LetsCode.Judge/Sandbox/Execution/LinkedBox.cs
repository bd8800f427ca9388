namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>
/// A run's private box where no tmpfs can be mounted (pod mode, the unsandboxed development runner): the run's own
/// fresh directory, used as its working directory, holding hard links to the box directory's files (copies across
/// file systems: microseconds either way, no data is copied on the usual single file system), the box's symlinks
/// recreated, and symlinks to its subdirectories. What the program writes there is deleted with the directory. A link
/// shares the artifact's inode, so what keeps the artifact itself unchanged is that the program cannot write it:
/// it is owned by another uid (root, when the runner drops the program to the sandbox uid) and not writable by others.
/// </summary>
internal static class LinkedBox
{
    public static void Populate(string boxDirectory, string runDirectory)
    {
        foreach (var entry in BoxEntry.Of(boxDirectory))
        {
            var destination = Path.Combine(runDirectory, entry.Name);
            if (entry.SymlinkTarget is { } target) File.CreateSymbolicLink(destination, target);
            else if (Directory.Exists(entry.HostPath)) Directory.CreateSymbolicLink(destination, entry.HostPath);
            else if (Libc.Link(entry.HostPath, destination) != 0) File.Copy(entry.HostPath, destination);
        }
    }
}
