namespace LetsCode.Judge.Languages;

/// <summary>C++20 with G++ 12 (which covers C++17 fully and C++20 for what contests use).</summary>
public sealed class Cpp : LanguageDefinition
{
    private const string Compiler = "/usr/bin/g++";

    public override string Name => "cpp";
    public override string SourceFileName => "main.cpp";
    public override IReadOnlyList<string>? CompileCommand => [Compiler, "-O2", "-std=c++20", "-pipe", "-o", "main", SourceFileName];
    public override IReadOnlyList<string> Artifacts => ["main"];
    public override string SeccompProfile => "native";
    public override IReadOnlyList<string> RequiredExecutables => [Compiler];
    public override VersionProbe VersionProbe => new([Compiler, "-dumpfullversion"], @"(\d+\.\d+\.\d+)");
    public override IReadOnlyList<string> RunCommand(RuntimeBudget budget) => ["./main"];
}
