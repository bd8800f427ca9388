namespace LetsCode.Judge.Languages;

/// <summary>A language whose toolchain is installed on this machine, as `letscode-runner languages` lists it.</summary>
public sealed record LanguageInfo(string Name, string Version, bool Compiled);
