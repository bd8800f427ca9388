using System.Runtime.InteropServices;

namespace LetsCode.Judge.Judging;

/// <summary>
/// Puts artifacts into a directory by hard link (no copy: restoring a Java job's classes or a binary from the compile
/// cache, or filling a checker's box, takes microseconds), falling back to a copy across filesystems. Safe because the sandbox shows a box's files
/// read-only to the program (see <c>SandboxRequest.BoxKeepsWrites</c>) and cached files are never written in place.
/// </summary>
internal static partial class FileLinks
{
    public static void LinkOrCopy(string source, string destination)
    {
        if (Link(source, destination) == 0) return;
        File.Copy(source, destination, overwrite: false);
    }

    /// <summary>Links or copies every regular file of <paramref name="sourceDirectory"/> (not recursive).</summary>
    public static void LinkAll(string sourceDirectory, string destinationDirectory)
    {
        Directory.CreateDirectory(destinationDirectory);
        foreach (var file in Directory.EnumerateFiles(sourceDirectory))
            LinkOrCopy(file, Path.Combine(destinationDirectory, Path.GetFileName(file)));
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
