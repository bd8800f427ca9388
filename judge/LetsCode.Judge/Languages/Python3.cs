namespace LetsCode.Judge.Languages;

/// <summary>CPython 3 from /usr/bin (never a pyenv shim on a developer's PATH).</summary>
public sealed class Python3 : LanguageDefinition
{
    private const string Interpreter = "/usr/bin/python3";

    public override string Name => "python3";
    public override string SourceFileName => "main.py";
    public override string SeccompProfile => "python";
    public override IReadOnlyList<string> RequiredExecutables => [Interpreter];
    public override VersionProbe VersionProbe => new([Interpreter, "--version"], @"Python (\d+\.\d+\.\d+)");

    // -B: every run starts with a fresh /box, so .pyc files written there would never be reused: don't spend time on them.
    public override IReadOnlyList<string> RunCommand(RuntimeBudget budget) => [Interpreter, "-B", SourceFileName];

    public override IReadOnlyDictionary<string, string> Environment(RuntimeBudget budget) =>
        With(("PYTHONDONTWRITEBYTECODE", "1"), ("PYTHONIOENCODING", "utf-8"));

    public override bool ReportsOutOfMemory(string stderr) => stderr.Contains("MemoryError", StringComparison.Ordinal);
}
