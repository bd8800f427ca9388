using System.Diagnostics;

namespace LetsCode.Testing.Processes;

/// <summary>
/// A temporary directory for one server, marked with the test process that owns it and the server running in it.
/// A test run that crashes (or is killed by a timeout) leaves both behind; the next fixture to start sweeps every
/// scratch directory whose owner is gone, killing its server first. Directories of live test runs (other projects
/// run in parallel, other developers share this machine) are never touched.
/// </summary>
public sealed class ScratchDirectory
{
    public const string Prefix = "letscode-test-";
    private const string OwnerFile = ".owner";
    private const string ServerFile = ".server";

    /// <summary>
    /// Memory-backed /dev/shm when the machine has it: initdb and fsync-free servers on a busy shared disk were 3x
    /// slower here (initdb 5.3 s on ext4 vs 1.5 s on tmpfs at load 26). Falls back to the temp directory.
    /// </summary>
    private static readonly string[] Roots = Directory.Exists("/dev/shm") ? ["/dev/shm", System.IO.Path.GetTempPath()] : [System.IO.Path.GetTempPath()];

    /// <summary>A directory without an owner mark this old was abandoned while it was being created.</summary>
    private static readonly TimeSpan UnmarkedGrace = TimeSpan.FromMinutes(10);

    private ScratchDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>Sweeps leftovers of crashed runs, then creates a fresh directory owned by this process.</summary>
    public static ScratchDirectory Create(string kind)
    {
        SweepLeftovers();
        var path = CreateUnderFirstWritableRoot($"{Prefix}{kind}-{Guid.NewGuid():N}");
        File.WriteAllText(System.IO.Path.Combine(path, OwnerFile), ProcessIdentity.Current.ToString());
        return new ScratchDirectory(path);
    }

    /// <summary>Remembers the server started here, so a sweep after a crash can stop it.</summary>
    public void RecordServer(ProcessIdentity? server) =>
        File.WriteAllText(System.IO.Path.Combine(Path, ServerFile), server?.ToString() ?? "");

    public void Delete() => TryDelete(Path);

    public static void SweepLeftovers()
    {
        foreach (var directory in Roots.SelectMany(root => new DirectoryInfo(root).EnumerateDirectories(Prefix + "*")))
        {
            if (IsAbandoned(directory))
            {
                KillRecordedServer(directory.FullName);
                TryDelete(directory.FullName);
            }
        }
    }

    private static string CreateUnderFirstWritableRoot(string name)
    {
        foreach (var root in Roots)
        {
            var path = System.IO.Path.Combine(root, name);
            try
            {
                Directory.CreateDirectory(path);
                return path;
            }
            catch (UnauthorizedAccessException)
            {
                // Not writable for this user: try the next root.
            }
        }

        throw new InvalidOperationException($"Cannot create a scratch directory in {string.Join(" or ", Roots)}.");
    }

    private static bool IsAbandoned(DirectoryInfo directory)
    {
        var owner = ReadIdentity(System.IO.Path.Combine(directory.FullName, OwnerFile));
        return owner is { } known
            ? !known.IsAlive
            : DateTime.UtcNow - directory.CreationTimeUtc > UnmarkedGrace;
    }

    private static void KillRecordedServer(string directory)
    {
        if (ReadIdentity(System.IO.Path.Combine(directory, ServerFile)) is not { IsAlive: true } server)
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(server.Pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already, or not ours to kill: leave it.
        }
    }

    private static ProcessIdentity? ReadIdentity(string file)
    {
        try
        {
            return ProcessIdentity.Parse(File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another sweeper got there first, or a file is still busy; the next sweep retries.
        }
    }
}
