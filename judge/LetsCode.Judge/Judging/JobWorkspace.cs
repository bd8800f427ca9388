namespace LetsCode.Judge.Judging;

/// <summary>
/// One job's scratch directory under <c>&lt;work root&gt;/jobs</c>, removed when the job ends. Directories the
/// sandboxed uid must traverse are 0711 (enter, not list); the compile box is 0777 because the unprivileged compiler
/// writes there. Nothing of one job is reachable from another job's boxes: each box is its own mount in the sandbox.
/// While the job runs its directory holds an exclusively locked <c>.owner</c> file, so a judge starting later can
/// tell the leftovers of a crashed process (lock free) from live jobs of other processes sharing the work root.
/// </summary>
internal sealed class JobWorkspace : IDisposable
{
    private const string JobsFolder = "jobs";
    private const string OwnerFile = ".owner";

    private const UnixFileMode Traverse = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                          UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const UnixFileMode Readable = Traverse | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Writable = Readable | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private readonly FileStream _owner;
    private int _next;

    public JobWorkspace(string workRoot)
    {
        var jobs = Path.Combine(Path.GetFullPath(workRoot), JobsFolder);
        Directory.CreateDirectory(jobs);
        Root = Path.Combine(jobs, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        SetMode(Root, Traverse);
        // The lock is taken just after open(2) creates the file: under its final name, a judge sweeping leftovers at
        // that instant would find an unlocked owner file and remove this live job. So it is created and locked under
        // another name and renamed into place (rename keeps the lock); until then the directory has no owner file
        // and sweepers leave it alone.
        var claim = Path.Combine(Root, OwnerFile + ".new");
        _owner = new FileStream(claim, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        File.Move(claim, Path.Combine(Root, OwnerFile));
    }

    /// <summary>
    /// Deletes job directories whose owner is gone (a judge that crashed mid-job). A directory whose owner file can
    /// be locked has no live owner; one without an owner file is left alone for a minute (it may be starting).
    /// </summary>
    public static int RemoveLeftovers(string workRoot, TimeProvider? time = null)
    {
        var jobs = new DirectoryInfo(Path.Combine(Path.GetFullPath(workRoot), JobsFolder));
        if (!jobs.Exists) return 0;
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var removed = 0;
        foreach (var job in jobs.EnumerateDirectories())
        {
            var owner = Path.Combine(job.FullName, OwnerFile);
            try
            {
                if (File.Exists(owner))
                {
                    using (new FileStream(owner, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                    {
                        // Locked it: nobody owns this job any more.
                    }
                }
                else if (now - job.CreationTimeUtc < TimeSpan.FromMinutes(1))
                {
                    continue;
                }
                DeleteQuietly(job.FullName);
                removed++;
            }
            catch (IOException)
            {
                // Locked by a live judge (this or another process).
            }
        }
        return removed;
    }

    public string Root { get; }

    /// <summary>A new box the sandboxed program can write (compiles).</summary>
    public string NewWritableBox(string purpose) => Create(purpose, Writable);

    /// <summary>A new box the judge fills; the sandbox shows its files to the program read-only (checker runs).</summary>
    public string NewReadOnlyBox(string purpose) => Create(purpose, Readable);

    /// <summary>A directory only the judge uses (artifacts, stdin files): the sandboxed uid cannot list it.</summary>
    public string NewPrivateDirectory(string purpose) => Create(purpose, Traverse);

    public static void MakeReadable(string file) =>
        SetMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

    /// <summary>Adds read permission for everyone (artifacts keep their execute bits).</summary>
    public static void AddReadForAll(string file)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <summary>Sets a mode exactly (CreateDirectory's mode would be filtered by the umask).</summary>
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) return; // the judge runs on Linux only; this keeps the analyzers honest
        File.SetUnixFileMode(path, mode);
    }

    public static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover is removed with the whole job directory.
        }
    }

    public void Dispose()
    {
        _owner.Dispose();
        DeleteQuietly(Root);
    }

    private string Create(string purpose, UnixFileMode mode)
    {
        var path = Path.Combine(Root, $"{Interlocked.Increment(ref _next)}-{purpose}");
        Directory.CreateDirectory(path);
        SetMode(path, mode);
        return path;
    }
}
