namespace LetsCode.Judge.Sandbox.Bubblewrap;

/// <summary>
/// How this host's root is laid out, read once: which of /bin, /sbin, /lib* are symlinks into /usr (merged /usr, as
/// on Debian 12) and which are real directories, so the sandbox reproduces them with --symlink or --ro-bind.
/// </summary>
internal sealed record HostLayout(IReadOnlyList<(string Path, string? SymlinkTarget)> RootEntries)
{
    private static readonly string[] Candidates = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    public static HostLayout Detect() => new(Candidates
        .Select(path => (path, new FileInfo(path).LinkTarget))
        .Where(entry => entry.LinkTarget is not null || Directory.Exists(entry.path))
        .ToArray());
}
