using LetsCode.Judge.Languages;

namespace LetsCode.Judge.Judging;

/// <summary>A program ready to run: its language and a directory holding exactly the files its runs need.</summary>
public sealed record CompiledProgram(LanguageDefinition Language, string ArtifactDirectory);
