using System.Text.RegularExpressions;

namespace LetsCode.Charts.Tests.Images;

/// <summary>One build stage of a <see cref="Containerfile"/>: FROM [--platform=P] IMAGE [AS NAME] and what follows.</summary>
public sealed partial class Stage
{
    private readonly List<Instruction> _instructions = [];

    private Stage(string image, string? name, int index, Instruction from)
    {
        Image = image;
        Name = name;
        Index = index;
        From = from;
    }

    public string Image { get; }

    public string? Name { get; }

    public int Index { get; }

    public Instruction From { get; }

    public IReadOnlyList<Instruction> Instructions => _instructions;

    public IEnumerable<Instruction> All(string keyword) => _instructions.Where(i => i.Keyword == keyword);

    public Instruction? Last(string keyword) => All(keyword).LastOrDefault();

    public IEnumerable<CopyInstruction> Copies => All("COPY").Select(CopyInstruction.Parse);

    /// <summary>The last WORKDIR before <paramref name="instruction"/> ("/" when none).</summary>
    public string WorkdirAt(Instruction instruction) =>
        _instructions.TakeWhile(i => i != instruction).LastOrDefault(i => i.Keyword == "WORKDIR")?.Arguments ?? "/";

    /// <summary>ENV of this stage: later assignments win.</summary>
    public IReadOnlyDictionary<string, string?> Environment
    {
        get
        {
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, value) in All("ENV").SelectMany(e => e.Pairs))
            {
                environment[key] = value;
            }

            return environment;
        }
    }

    public IReadOnlyDictionary<string, string?> Labels =>
        All("LABEL").SelectMany(l => l.Pairs).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    /// <summary><c>dotnet publish PROJECT ... -o DIR</c> commands of the stage's RUN instructions.</summary>
    public IEnumerable<(string Project, string Output)> Publishes =>
        All("RUN").SelectMany(r => PublishCommand().Matches(r.Arguments))
            .Select(m => (m.Groups["project"].Value, m.Groups["output"].Value));

    /// <summary><c>ln -s TARGET LINK</c> commands of the stage's RUN instructions.</summary>
    public IEnumerable<(string Target, string Link)> Symlinks =>
        All("RUN").SelectMany(r => SymlinkCommand().Matches(r.Arguments))
            .Select(m => (m.Groups["target"].Value, m.Groups["link"].Value));

    internal void Add(Instruction instruction) => _instructions.Add(instruction);

    internal static Stage Parse(Instruction from, int index)
    {
        var words = from.Words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
        var name = words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
        return words.Count is 1 or 3
            ? new Stage(words[0], name, index, from)
            : throw new InvalidDataException($"Cannot read {from}");
    }

    [GeneratedRegex(@"dotnet\s+publish\s+(?<project>[^\s-][^\s]*)(?:(?!&&|;).)*?\s(?:-o|--output)\s+(?<output>[^\s;&]+)")]
    private static partial Regex PublishCommand();

    [GeneratedRegex(@"\bln\s+-s[f]?\s+(?<target>[^\s;&]+)\s+(?<link>[^\s;&]+)")]
    private static partial Regex SymlinkCommand();
}
