namespace LetsCode.Judge.Languages;

/// <summary>Every language LetsCode knows, whether or not its toolchain is installed here.</summary>
public sealed class LanguageRegistry
{
    private readonly Dictionary<string, LanguageDefinition> _byName;

    public LanguageRegistry(IEnumerable<LanguageDefinition> languages)
    {
        _byName = languages.ToDictionary(l => l.Name, StringComparer.Ordinal);
    }

    /// <summary>The built-in languages (one file each in this folder).</summary>
    public static LanguageRegistry CreateDefault() =>
        new([new Python3(), new JavaScript(), new C(), new Cpp(), new Java(), new Rust(), new Bash(), new Pascal()]);

    public IReadOnlyCollection<LanguageDefinition> All => _byName.Values;

    public LanguageDefinition? Find(string name) => _byName.GetValueOrDefault(name);
}
