namespace LetsCode.Judge.Languages;

/// <summary>C17 with GCC, optimised, linked against libm.</summary>
public sealed class C : LanguageDefinition
{
    private const string Compiler = "/usr/bin/gcc";

    public override string Name => "c";
    public override string SourceFileName => "main.c";
    public override IReadOnlyList<string>? CompileCommand => [Compiler, "-O2", "-std=c17", "-pipe", "-o", "main", SourceFileName, "-lm"];
    public override IReadOnlyList<string> Artifacts => ["main"];
    public override string SeccompProfile => "native";
    public override IReadOnlyList<string> RequiredExecutables => [Compiler];
    public override VersionProbe VersionProbe => new([Compiler, "-dumpfullversion"], @"(\d+\.\d+\.\d+)");
    public override IReadOnlyList<string> RunCommand(RuntimeBudget budget) => ["./main"];
}
