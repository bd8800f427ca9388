using LetsCode.Api.Contracts;

namespace LetsCode.Api.Languages;

/// <summary>The languages this deployment can judge (embedded: detected on this machine by the judge library).</summary>
public interface ILanguageCatalog
{
    IReadOnlyList<LanguageDocument> Available { get; }

    bool IsAvailable(string language) => Available.Any(l => l.Name == language);
}

/// <summary>A fixed list (tests, or a deployment that pins its languages in configuration).</summary>
public sealed class FixedLanguageCatalog(IReadOnlyList<LanguageDocument> languages) : ILanguageCatalog
{
    public IReadOnlyList<LanguageDocument> Available { get; } = languages;
}
