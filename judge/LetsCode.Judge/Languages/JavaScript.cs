namespace LetsCode.Judge.Languages;

/// <summary>
/// Node.js. V8 and libuv start their own threads, so Node gets a floor of tasks; the old-space heap is tied to the
/// memory limit so a hog dies with the limit rather than with V8's default heap size.
/// </summary>
public sealed class JavaScript : LanguageDefinition
{
    private const string Node = "/usr/bin/node";

    public override string Name => "javascript";
    public override string SourceFileName => "main.js";
    public override string SeccompProfile => "javascript";
    public override IReadOnlyList<string> RequiredExecutables => [Node];
    public override VersionProbe VersionProbe => new([Node, "--version"], @"v(\d+\.\d+\.\d+)");

    // main thread + 1 V8 platform worker + 1 libuv pool thread + signal/inspector helpers, with headroom.
    public override RuntimeFloor Floor => new(MemoryMiB: 64, Processes: 16);

    public override IReadOnlyList<string> RunCommand(RuntimeBudget budget) =>
    [
        Node,
        $"--max-old-space-size={Math.Max(16, budget.MemoryMiB)}",
        "--stack-size=65500", // KiB of JS stack; the sandbox's RLIMIT_STACK (256 MiB) backs it
        "--v8-pool-size=1",
        SourceFileName,
    ];

    public override IReadOnlyDictionary<string, string> Environment(RuntimeBudget budget) =>
        With(("UV_THREADPOOL_SIZE", "1"), ("NODE_DISABLE_COLORS", "1"));

    public override bool ReportsOutOfMemory(string stderr) =>
        stderr.Contains("JavaScript heap out of memory", StringComparison.Ordinal) ||
        stderr.Contains("Reached heap limit", StringComparison.Ordinal);
}
