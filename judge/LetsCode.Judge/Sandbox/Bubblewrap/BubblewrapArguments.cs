using System.Globalization;

namespace LetsCode.Judge.Sandbox.Bubblewrap;

/// <summary>
/// The bwrap command line for a request: every namespace unshared (no network), an empty root with read-only binds
/// of only what toolchains need, /box (a private bounded tmpfs around read-only artifacts for test runs, see
/// <see cref="PrivateBox"/>; the box directory itself, writable, for compiles), a bounded private /tmp, minimal /proc
/// and /dev, no capabilities, an unprivileged uid, an empty environment plus the request's, and the seccomp filter
/// from fd 3.
/// The sandboxed command is a tiny init (dash, pid 1 thanks to --as-pid-1): it prints "R" (ready), blocks on its first
/// stdin line ("go"), runs the program as its child (pid 2, so ordinary signal semantics apply to it) without the
/// status fd, reaps orphans meanwhile, and writes the program's status to fd 4 the moment it exits. The host learns
/// the result without waiting for namespace teardown (unmounting, 2-50 ms), which happens afterwards, off the clock.
/// </summary>
internal static class BubblewrapArguments
{
    public const int SeccompFd = 3;
    public const int StatusFd = 4;
    public const string BoxPath = "/box";
    public const char ReadyMarker = 'R';

    /// <summary>Files from /etc that dynamic linking and toolchain alternatives need; nothing else of /etc.</summary>
    private static readonly string[] EtcEntries = ["/etc/alternatives", "/etc/ld.so.cache"];

    public static IReadOnlyList<string> For(SandboxRequest request, SandboxOptions options, HostLayout layout)
    {
        var uid = options.Uid.ToString(CultureInfo.InvariantCulture);
        var gid = options.Gid.ToString(CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            "--unshare-all", "--unshare-user", "--disable-userns",
            "--die-with-parent", "--new-session", "--as-pid-1", "--cap-drop", "ALL",
            "--uid", uid, "--gid", gid, "--hostname", "letscode",
            "--ro-bind", "/usr", "/usr",
        };
        foreach (var (path, target) in layout.RootEntries)
            args.AddRange(target is null ? ["--ro-bind", path, path] : ["--symlink", target, path]);
        foreach (var entry in EtcEntries) args.AddRange(["--ro-bind-try", entry, entry]);
        foreach (var path in request.ReadOnlyPaths) args.AddRange(["--ro-bind", path, path]);
        // The same bound for every writable place: the file-size limit (one file cannot be larger anyway).
        var scratchBytes = request.Limits.FileSizeBytes;
        if (request.BoxKeepsWrites) args.AddRange(["--bind", request.BoxDirectory, BoxPath]);
        else args.AddRange(PrivateBox.Arguments(request.BoxDirectory, scratchBytes));
        args.AddRange(["--chdir", BoxPath]);
        var scratchSize = scratchBytes.ToString(CultureInfo.InvariantCulture);
        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        args.AddRange(["--perms", "1777", "--size", scratchSize, "--tmpfs", "/tmp"]);
        args.AddRange(["--perms", "1777", "--size", scratchSize, "--tmpfs", "/dev/shm"]);
        // The root and /dev are tmpfs bwrap built; freeze them so nothing is writable but /box, /tmp and /dev/shm,
        // each bounded (tmpfs pages count against the cgroup's memory limit too; a compile's /box, the real box
        // directory, is bounded per file only).
        args.AddRange(["--remount-ro", "/dev", "--remount-ro", "/"]);
        args.Add("--clearenv");
        foreach (var (key, value) in request.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            args.AddRange(["--setenv", key, value]);
        args.AddRange(["--seccomp", SeccompFd.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["--", options.ShellPath, "-c",
            $"printf {ReadyMarker} && read -r _ && {{ \"$@\" {StatusFd}>&-; echo $? >&{StatusFd}; }}", "sh"]);
        args.AddRange(request.Command);
        return args;
    }
}
