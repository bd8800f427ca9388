using System.Text;
using System.Text.RegularExpressions;

namespace LetsCode.Charts.Tests.Images;

/// <summary>
/// The root .dockerignore with the engines' rules (moby/patternmatcher, which buildah uses too): patterns are paths
/// relative to the context with <c>*</c>, <c>?</c> and <c>**</c>; a pattern that matches a directory matches
/// everything below it; <c>!</c> re-includes; the last matching pattern decides.
/// </summary>
public sealed class DockerIgnore
{
    private readonly IReadOnlyList<(Regex Pattern, bool Exclude)> _patterns;

    private DockerIgnore(IReadOnlyList<(Regex, bool)> patterns) => _patterns = patterns;

    public static DockerIgnore Load(string path) =>
        new(File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.StartsWith('!') ? (Compile(l[1..]), false) : (Compile(l), true))
            .ToList());

    /// <summary>True when <paramref name="relativePath"/> (a/b/c, no leading slash) stays out of the build context.</summary>
    public bool Excludes(string relativePath)
    {
        var segments = relativePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var candidates = Enumerable.Range(1, segments.Length).Select(n => string.Join('/', segments[..n])).ToList();
        var excluded = false;
        foreach (var (pattern, exclude) in _patterns)
        {
            if (candidates.Any(pattern.IsMatch)) excluded = exclude;
        }

        return excluded;
    }

    private static Regex Compile(string pattern)
    {
        var clean = pattern.Trim().Trim('/');
        var regex = new StringBuilder("^");
        for (var i = 0; i < clean.Length; i++)
        {
            var c = clean[i];
            if (c == '*' && i + 1 < clean.Length && clean[i + 1] == '*')
            {
                // "**/" matches any number of leading directories, including none; a final "**" anything.
                var slash = i + 2 < clean.Length && clean[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
