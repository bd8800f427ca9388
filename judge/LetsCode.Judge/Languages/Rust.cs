namespace LetsCode.Judge.Languages;

/// <summary>
/// Rust with the distribution's rustc (1.63), edition 2021. The linker is named explicitly because the default
/// `cc` is an /etc/alternatives symlink the sandbox does not bind.
/// </summary>
public sealed class Rust : LanguageDefinition
{
    private const string Compiler = "/usr/bin/rustc";

    public override string Name => "rust";
    public override string SourceFileName => "main.rs";
    public override IReadOnlyList<string>? CompileCommand =>
        [Compiler, "--edition", "2021", "-O", "-C", "linker=/usr/bin/gcc", "-o", "main", SourceFileName];
    public override IReadOnlyList<string> Artifacts => ["main"];
    public override string SeccompProfile => "native";
    public override IReadOnlyList<string> RequiredExecutables => [Compiler, "/usr/bin/gcc"];
    public override VersionProbe VersionProbe => new([Compiler, "--version"], @"rustc (\d+\.\d+\.\d+)");
    public override IReadOnlyList<string> RunCommand(RuntimeBudget budget) => ["./main"];
}
