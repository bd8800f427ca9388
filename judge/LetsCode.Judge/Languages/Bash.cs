namespace LetsCode.Judge.Languages;

/// <summary>GNU Bash. Scripts fork for pipelines and external commands, so bash gets a small floor of tasks.</summary>
public sealed class Bash : LanguageDefinition
{
    private const string Shell = "/usr/bin/bash";

    public override string Name => "bash";
    public override string SourceFileName => "main.sh";
    public override string SeccompProfile => "bash";
    public override RuntimeFloor Floor => new(MemoryMiB: 0, Processes: 8);
    public override IReadOnlyList<string> RequiredExecutables => [Shell];
    public override VersionProbe VersionProbe => new([Shell, "--version"], @"version (\d+\.\d+\.\d+)");
    // -n: read and parse the script without executing anything.
    public override IReadOnlyList<string> CheckCommand => [Shell, "-n", SourceFileName];
    public override IReadOnlyList<string> RunCommand(RuntimeBudget budget) => [Shell, SourceFileName];
}
