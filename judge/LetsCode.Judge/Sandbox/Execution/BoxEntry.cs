using System.IO.Enumeration;

namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>
/// One top-level entry of a box directory, as a run's private box reproduces it: a symlink is recreated as a symlink
/// with the same target (so it resolves inside the run, exactly as it did when the whole box was mounted, and never
/// on the host), anything else (file, directory) is made visible read-only at the same name.
/// </summary>
internal sealed record BoxEntry(string Name, string HostPath, string? SymlinkTarget)
{
    /// <summary>Every entry of <paramref name="boxDirectory"/>, dot files included, in ordinal name order (stable shapes).</summary>
    public static IReadOnlyList<BoxEntry> Of(string boxDirectory)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false, IgnoreInaccessible = false };
        var entries = new FileSystemEnumerable<BoxEntry>(boxDirectory, Describe, options).ToList();
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    private static BoxEntry Describe(ref FileSystemEntry entry)
    {
        var hostPath = entry.ToFullPath();
        if ((entry.Attributes & FileAttributes.ReparsePoint) == 0) return new BoxEntry(entry.FileName.ToString(), hostPath, null);
        // Never fall back to binding a symlink: the bind would follow it on the host.
        var target = new FileInfo(hostPath).LinkTarget ?? throw new IOException($"box entry '{hostPath}' is a symlink that could not be read");
        return new BoxEntry(entry.FileName.ToString(), hostPath, target);
    }
}
