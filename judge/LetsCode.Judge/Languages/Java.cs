using System.Globalization;

namespace LetsCode.Judge.Languages;

/// <summary>
/// Java 17, class Main in Main.java. The JVM is tamed for a one-core, memory-limited box: serial GC, C1 only
/// (fast start), one active processor, heap capped by the memory limit (the cgroup limit on resident memory is the
/// authority; -Xmx only keeps the JVM from sizing itself for the host's 24 GiB). It still needs threads of its own
/// (VM thread, GC, compiler, reference handler, finalizer, signal dispatcher...), hence the floor.
/// </summary>
public sealed class Java : LanguageDefinition
{
    private const string Home = "/usr/lib/jvm/java-17-openjdk-amd64";
    private const string Javac = Home + "/bin/javac";
    private const string JavaLauncher = Home + "/bin/java";

    public override string Name => "java";
    public override string SourceFileName => "Main.java";

    public override IReadOnlyList<string>? CompileCommand =>
    [
        Javac, "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-J-XX:ActiveProcessorCount=1", "-J-Xss16m",
        "-J-XX:-UsePerfData", "-encoding", "UTF-8", "-d", ".", SourceFileName,
    ];

    public override IReadOnlyList<string> Artifacts => ["*.class"];
    public override string SeccompProfile => "jvm";

    // The JDK's conf/ and lib/jvm.cfg are symlinks into /etc/java-17-openjdk.
    public override IReadOnlyList<string> ReadOnlyPaths => [Home, "/etc/java-17-openjdk"];

    public override RuntimeFloor Floor => new(MemoryMiB: 128, Processes: 32);
    public override IReadOnlyList<string> RequiredExecutables => [Javac, JavaLauncher];
    public override VersionProbe VersionProbe => new([Javac, "-version"], @"javac (\d+(\.\d+)*)");

    public override IReadOnlyList<string> RunCommand(RuntimeBudget budget) =>
    [
        JavaLauncher,
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-XX:ActiveProcessorCount=1",
        "-XX:-UsePerfData", // no hsperfdata files in /tmp
        "-Xss64m",
        "-Xmx" + budget.MemoryMiB.ToString(CultureInfo.InvariantCulture) + "m",
        "-cp", ".",
        "Main",
    ];

    public override IReadOnlyDictionary<string, string> Environment(RuntimeBudget budget) =>
        With(("JAVA_HOME", Home));

    public override bool ReportsOutOfMemory(string stderr) => stderr.Contains("java.lang.OutOfMemoryError", StringComparison.Ordinal);
}
