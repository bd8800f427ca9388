namespace LetsCode.Judge.Languages;

/// <summary>CPython 3 from /usr/bin (never a pyenv shim on a developer's PATH).</summary>
public sealed class Python3 : LanguageDefinition
{
    private const string Interpreter = "/usr/bin/python3";

    /// <summary>
    /// Ends each line a generator puts before the user's code (the function-style driver's prelude), so the syntax
    /// check can report errors in the user's own line numbers.
    /// </summary>
    public const string GeneratedLineMarker = "# letscode: generated line";

    // Byte-compiles in memory with compile(): unlike `python3 -m py_compile` it writes no __pycache__ into /box,
    // and it prints exactly the interpreter's own SyntaxError message without py_compile's wrapping. Leading lines
    // ending with the marker are not the user's, so error line numbers are shifted past them. The other errors a
    // compile raises (ValueError: null bytes in 3.11; RecursionError: absurdly nested code) stop `python3 main.py`
    // too, so they are compile errors as well, reported in one line rather than as a traceback of this script.
    private const string CheckScript = $$"""
        import sys, traceback
        path = sys.argv[1]
        with open(path, "rb") as f:
            source = f.read()
        generated = 0
        for line in source.split(b"\n", 16):
            if not line.rstrip().endswith(b"{{GeneratedLineMarker}}"):
                break
            generated += 1
        try:
            compile(source, path, "exec", dont_inherit=True)
        except SyntaxError as e:
            if generated and e.lineno and e.lineno > generated:
                e.lineno -= generated
                if e.end_lineno:
                    e.end_lineno -= generated
            sys.stderr.write("".join(traceback.format_exception_only(type(e), e)))
            sys.exit(1)
        except (ValueError, RecursionError) as e:
            sys.stderr.write(f"{type(e).__name__}: {e}\n")
            sys.exit(1)
        """;

    public override string Name => "python3";
    public override string SourceFileName => "main.py";
    public override string SeccompProfile => "python";
    public override IReadOnlyList<string> RequiredExecutables => [Interpreter];
    public override VersionProbe VersionProbe => new([Interpreter, "--version"], @"Python (\d+\.\d+\.\d+)");

    // -I: no environment or user site; -S: no site import (faster start, compile() needs none of it); -B: no .pyc.
    public override IReadOnlyList<string> CheckCommand => [Interpreter, "-I", "-S", "-B", "-c", CheckScript, SourceFileName];

    // -B: every run starts with a fresh /box, so .pyc files written there would never be reused: don't spend time on them.
    public override IReadOnlyList<string> RunCommand(RuntimeBudget budget) => [Interpreter, "-B", SourceFileName];

    public override IReadOnlyDictionary<string, string> Environment(RuntimeBudget budget) =>
        With(("PYTHONDONTWRITEBYTECODE", "1"), ("PYTHONIOENCODING", "utf-8"));

    public override bool ReportsOutOfMemory(string stderr) => stderr.Contains("MemoryError", StringComparison.Ordinal);
}
