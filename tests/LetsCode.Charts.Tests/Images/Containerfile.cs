using System.Text;
using System.Text.Json;

namespace LetsCode.Charts.Tests.Images;

/// <summary>
/// A Containerfile read line by line: comment lines dropped, backslash continuations joined, split into stages at
/// FROM. Enough for the files of images/ (shell-form COPY/RUN, exec-form ENTRYPOINT/CMD, KEY=VALUE ENV/LABEL); not a
/// general Dockerfile parser, and no substitute for building the images.
/// </summary>
public sealed class Containerfile
{
    private Containerfile(string path, IReadOnlyList<Stage> stages)
    {
        Path = path;
        Stages = stages;
    }

    /// <summary>Relative to the repository root, e.g. images/api/Containerfile.</summary>
    public string Path { get; }

    public IReadOnlyList<Stage> Stages { get; }

    /// <summary>The stage that becomes the image.</summary>
    public Stage Final => Stages[^1];

    public Stage? StageNamed(string name) => Stages.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Path;

    public static Containerfile Load(string repositoryRoot, string relativePath)
    {
        var stages = new List<Stage>();
        foreach (var instruction in Instructions(File.ReadAllLines(System.IO.Path.Combine(repositoryRoot, relativePath))))
        {
            if (instruction.Keyword == "FROM")
            {
                stages.Add(Stage.Parse(instruction, stages.Count));
            }
            else if (stages.Count > 0)
            {
                stages[^1].Add(instruction);
            }
        }

        return stages.Count > 0 ? new Containerfile(relativePath, stages) : throw new InvalidDataException($"{relativePath} has no FROM.");
    }

    private static IEnumerable<Instruction> Instructions(IReadOnlyList<string> lines)
    {
        var text = new StringBuilder();
        var start = 0;
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index].TrimEnd();
            // Comment lines are removed before continuations are joined, also in the middle of one instruction.
            if (line.TrimStart().StartsWith('#')) continue;
            if (text.Length == 0)
            {
                if (line.Length == 0) continue;
                start = index + 1;
            }

            var continues = line.EndsWith('\\');
            text.Append(continues ? line[..^1] : line).Append(' ');
            if (continues) continue;

            var joined = text.ToString().Trim();
            text.Clear();
            var space = joined.IndexOfAny([' ', '\t']);
            yield return space < 0
                ? new Instruction(joined.ToUpperInvariant(), "", start)
                : new Instruction(joined[..space].ToUpperInvariant(), joined[(space + 1)..].Trim(), start);
        }
    }
}

/// <summary>One instruction: its keyword (upper case), its arguments as written, and its first line.</summary>
public sealed record Instruction(string Keyword, string Arguments, int Line)
{
    /// <summary>Shell-like words: whitespace separates, double quotes group (and are removed).</summary>
    public IReadOnlyList<string> Words
    {
        get
        {
            var words = new List<string>();
            var word = new StringBuilder();
            var quoted = false;
            var any = false;
            foreach (var c in Arguments)
            {
                if (c == '"')
                {
                    quoted = !quoted;
                    any = true;
                }
                else if (char.IsWhiteSpace(c) && !quoted)
                {
                    if (any) words.Add(word.ToString());
                    word.Clear();
                    any = false;
                }
                else
                {
                    word.Append(c);
                    any = true;
                }
            }

            if (any) words.Add(word.ToString());
            return words;
        }
    }

    /// <summary>KEY=VALUE pairs of ENV, LABEL and ARG (an ARG without a default has a null value).</summary>
    public IReadOnlyDictionary<string, string?> Pairs =>
        Words.Select(w => w.Split('=', 2)).ToDictionary(p => p[0], p => p.Length == 2 ? p[1] : null, StringComparer.Ordinal);

    /// <summary>The exec (JSON array) form of ENTRYPOINT/CMD, or null for the shell form.</summary>
    public IReadOnlyList<string>? ExecForm
    {
        get
        {
            if (!Arguments.StartsWith('[')) return null;
            try
            {
                return JsonSerializer.Deserialize<string[]>(Arguments);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public override string ToString() => $"line {Line}: {Keyword} {Arguments}";
}
