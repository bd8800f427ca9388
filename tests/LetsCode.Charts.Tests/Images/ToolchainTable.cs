namespace LetsCode.Charts.Tests.Images;

/// <summary>images/runner/toolchains.txt: language, then its Debian packages ("-" for none).</summary>
public static class ToolchainTable
{
    public const string RelativePath = "images/runner/toolchains.txt";

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Load(string repositoryRoot)
    {
        var table = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(repositoryRoot, RelativePath)))
        {
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || words[0].StartsWith('#')) continue;
            if (!table.TryAdd(words[0], words[1..]))
            {
                throw new InvalidDataException($"{RelativePath}: {words[0]} is listed twice.");
            }
        }

        return table;
    }
}
