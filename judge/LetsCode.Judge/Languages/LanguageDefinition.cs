namespace LetsCode.Judge.Languages;

/// <summary>
/// Everything the judge needs to know about one language (DMOJ style: one small file per language). Paths are the
/// host's absolute toolchain paths; the sandbox binds /usr, so they resolve the same inside it.
/// </summary>
public abstract class LanguageDefinition
{
    /// <summary>The job's <c>language</c> value, e.g. <c>cpp</c>.</summary>
    public abstract string Name { get; }

    /// <summary>File the source is written to in /box (Java needs Main.java for class Main).</summary>
    public abstract string SourceFileName { get; }

    /// <summary>argv of the compile step run in a writable /box, or null for interpreted languages.</summary>
    public virtual IReadOnlyList<string>? CompileCommand => null;

    public bool Compiled => CompileCommand is not null;

    /// <summary>
    /// argv of a syntax check for an interpreted language, run exactly as a compile is (fresh writable /box, the
    /// compile limits, content-addressed cache, its output is <c>compile.output</c>), so a syntax error is one
    /// CompilationError with the interpreter's message rather than a RuntimeError on every test. It must not
    /// execute the program. The run still runs the source: the check leaves only <see cref="SourceFileName"/>.
    /// </summary>
    public virtual IReadOnlyList<string>? CheckCommand => null;

    /// <summary>What the judge's compile step runs: the compiler, else the syntax check; null when there is neither.</summary>
    public IReadOnlyList<string>? BuildCommand => CompileCommand ?? CheckCommand;

    /// <summary>
    /// Files (relative to /box, '*' globs allowed) the compile step leaves that the run needs. Interpreted
    /// languages keep their source.
    /// </summary>
    public virtual IReadOnlyList<string> Artifacts => [SourceFileName];

    /// <summary>argv of a run, given the limits it will actually run under (the JVM and Node size their heaps).</summary>
    public abstract IReadOnlyList<string> RunCommand(RuntimeBudget budget);

    /// <summary>Profile in seccomp/ for runs of the program.</summary>
    public abstract string SeccompProfile { get; }

    /// <summary>Profile for the compile step (the language family's profile also covers its compiler).</summary>
    public virtual string CompileSeccompProfile => SeccompProfile;

    /// <summary>Host paths outside the default binds the toolchain reads (e.g. the JDK's /etc config).</summary>
    public virtual IReadOnlyList<string> ReadOnlyPaths => [];

    /// <summary>Environment for runs and compiles: nothing is inherited from the host.</summary>
    public virtual IReadOnlyDictionary<string, string> Environment(RuntimeBudget budget) => BaseEnvironment;

    /// <summary>
    /// The least the runtime needs to start at all: a job's limits are raised to this floor for this language
    /// (documented in docs/languages.md), so "processes: 1" still lets the JVM start its own threads.
    /// </summary>
    public virtual RuntimeFloor Floor => RuntimeFloor.None;

    /// <summary>What a run with these limits really gets: the limits, raised to the language's floor.</summary>
    public RuntimeBudget BudgetFor(int memoryMiB, int processes) =>
        new(Math.Max(memoryMiB, Floor.MemoryMiB), Math.Max(processes, Floor.Processes));

    /// <summary>Host executables that must exist for the language to be offered.</summary>
    public abstract IReadOnlyList<string> RequiredExecutables { get; }

    /// <summary>How to ask the toolchain for its version, and how to read the answer.</summary>
    public abstract VersionProbe VersionProbe { get; }

    /// <summary>
    /// True when a failed run's stderr shows the runtime ran out of its own heap (java.lang.OutOfMemoryError,
    /// Python's MemoryError): that is a memory limit verdict even though the cgroup did not kill it.
    /// </summary>
    public virtual bool ReportsOutOfMemory(string stderr) => false;

    /// <summary>The same argv with extra arguments (a custom checker gets <c>input output answer</c>).</summary>
    public IReadOnlyList<string> RunCommand(RuntimeBudget budget, IEnumerable<string> arguments) => [.. RunCommand(budget), .. arguments];

    protected static IReadOnlyDictionary<string, string> BaseEnvironment { get; } = new Dictionary<string, string>
    {
        ["PATH"] = "/usr/bin:/bin",
        ["HOME"] = "/tmp",
        ["TMPDIR"] = "/tmp",
        ["LANG"] = "C.UTF-8",
        ["LC_ALL"] = "C.UTF-8",
    };

    protected static IReadOnlyDictionary<string, string> With(params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string>(BaseEnvironment);
        foreach (var (key, value) in extra) env[key] = value;
        return env;
    }

    public override string ToString() => Name;
}

/// <summary>The resources a run really gets, after the language floor is applied.</summary>
public sealed record RuntimeBudget(int MemoryMiB, int Processes)
{
    private const int MaxStackMiB = 256;
    private const int StackHeadroomMiB = 16;
    private const int MinStackMiB = 8;

    /// <summary>
    /// RLIMIT_STACK of the run: 256 MiB, so deep recursion works in C, C++ and Rust, but always below the memory
    /// limit with room for the program's other pages. Otherwise a runaway recursion grows its stack into the
    /// cgroup's limit and is OOM-killed (MemoryLimitExceeded, sending the user after an allocation that does not
    /// exist) instead of overflowing the stack (SIGSEGV: RuntimeError), which is what happened.
    /// </summary>
    public int StackMiB => Math.Clamp(MemoryMiB - StackHeadroomMiB, MinStackMiB, MaxStackMiB);
}

/// <summary>Minimum memory and tasks a runtime needs for itself.</summary>
public sealed record RuntimeFloor(int MemoryMiB, int Processes)
{
    public static RuntimeFloor None { get; } = new(0, 0);
}

/// <summary>A command whose output reveals the toolchain version, and the pattern that extracts it.</summary>
public sealed record VersionProbe(IReadOnlyList<string> Command, string Pattern);
