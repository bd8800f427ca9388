namespace LetsCode.Judge.Languages;

/// <summary>
/// Free Pascal (Delphi-compatible object Pascal of olympiad tradition). The compiler is called directly, not
/// through the `fpc` driver, whose ppcx64 lookup goes through /etc/alternatives; its configuration is read from the
/// versioned file, bound read-only. Binaries are static, so runs need nothing outside /box.
/// </summary>
public sealed class Pascal : LanguageDefinition
{
    private const string Compiler = "/usr/lib/x86_64-linux-gnu/fpc/3.2.2/ppcx64";
    private const string Configuration = "/etc/fpc-3.2.2.cfg";

    public override string Name => "pascal";
    public override string SourceFileName => "main.pas";
    public override IReadOnlyList<string>? CompileCommand => [Compiler, "-n", "@" + Configuration, "-O2", "-Xs", "-omain", SourceFileName];
    public override IReadOnlyList<string> Artifacts => ["main"];
    public override string SeccompProfile => "native";
    public override IReadOnlyList<string> ReadOnlyPaths => [Configuration];
    public override IReadOnlyList<string> RequiredExecutables => [Compiler, Configuration];
    public override VersionProbe VersionProbe => new([Compiler, "-iV"], @"(\d+\.\d+\.\d+)");
    public override IReadOnlyList<string> RunCommand(RuntimeBudget budget) => ["./main"];
}
