using System.Text.RegularExpressions;

namespace LetsCode.Testing.Postgres;

/// <summary>Database names the fixture accepts: plain lower-case identifiers, so they never need escaping games.</summary>
public static partial class DatabaseName
{
    public static string Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Pattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a usable database name: use 1-63 characters a-z, 0-9 or _, starting with a letter or _.", nameof(name));
        }

        if (name is "postgres" or "template0" or "template1")
        {
            throw new ArgumentException($"'{name}' is a system database; pick a name of your own.", nameof(name));
        }

        return name;
    }

    /// <summary>A valid name derived from any text (e.g. a test class name), unique per call.</summary>
    public static string Unique(string hint)
    {
        var cleaned = NotAllowed().Replace(hint.ToLowerInvariant(), "_").Trim('_');
        if (cleaned.Length == 0 || char.IsDigit(cleaned[0]))
        {
            cleaned = "db_" + cleaned;
        }

        var suffix = "_" + Guid.NewGuid().ToString("N")[..8];
        return cleaned[..Math.Min(cleaned.Length, 63 - suffix.Length)] + suffix;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Pattern();

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex NotAllowed();
}
