namespace LetsCode.Judge.Model;

/// <summary>
/// Outcome of the compile step; for interpreted languages (python3, javascript, bash) the syntax check, which fails
/// with the interpreter's message as a compile error would.
/// </summary>
public sealed record CompileResult
{
    public bool Ok { get; init; }
    public string Output { get; init; } = "";
    public long TimeMs { get; init; }
    /// <summary>The artifacts came from the compile cache: the same code was compiled before (TimeMs is then 0).</summary>
    public bool Cached { get; init; }
}
