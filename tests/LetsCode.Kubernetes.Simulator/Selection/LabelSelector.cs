using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator.Selection;

/// <summary>
/// The labelSelector query syntax: "a=b", "a==b", "a!=b", "a in (x,y)", "a notin (x)", "a", "!a", comma-joined (AND).
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static LabelSelector Everything { get; } = new();

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r(labels));

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var term in SplitTerms(text))
        {
            selector._requirements.Add(ParseTerm(term.Trim(), text));
        }

        return selector;
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term, string whole)
    {
        if (term.Length == 0) throw Invalid(whole, "empty requirement");
        if (term.StartsWith('!'))
        {
            var key = Key(term[1..].Trim(), whole);
            return labels => !labels.ContainsKey(key);
        }

        var setMatch = System.Text.RegularExpressions.Regex.Match(term, @"^(\S+)\s+(in|notin)\s*\((.*)\)$");
        if (setMatch.Success)
        {
            var key = Key(setMatch.Groups[1].Value, whole);
            var values = setMatch.Groups[3].Value.Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
            return setMatch.Groups[2].Value == "in"
                ? labels => labels.TryGetValue(key, out var v) && values.Contains(v)
                : labels => !labels.TryGetValue(key, out var v) || !values.Contains(v);
        }

        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at < 0) continue;
            var key = Key(term[..at].Trim(), whole);
            var value = term[(at + op.Length)..].Trim();
            return op == "!="
                ? labels => !labels.TryGetValue(key, out var v) || v != value
                : labels => labels.TryGetValue(key, out var v) && v == value;
        }

        var exists = Key(term, whole);
        return labels => labels.ContainsKey(exists);
    }

    private static string Key(string key, string whole)
    {
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or ',' or '!' or '='))
        {
            throw Invalid(whole, $"invalid label key \"{key}\"");
        }

        return key;
    }

    /// <summary>Splits on commas outside parentheses.</summary>
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static ApiException Invalid(string selector, string why) =>
        ApiException.BadRequest($"unable to parse requirement: {why} in labelSelector \"{selector}\"");
}
