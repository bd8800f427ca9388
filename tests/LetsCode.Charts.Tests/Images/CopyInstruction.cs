namespace LetsCode.Charts.Tests.Images;

/// <summary>COPY [--from=STAGE] [--chown=...] SOURCE... DESTINATION (shell form).</summary>
public sealed record CopyInstruction(Instruction Instruction, string? FromStage, IReadOnlyList<string> Sources, string Destination)
{
    public static CopyInstruction Parse(Instruction instruction)
    {
        var words = instruction.Words;
        var from = words.FirstOrDefault(w => w.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
        var paths = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
        return paths.Count >= 2
            ? new CopyInstruction(instruction, from, paths[..^1], paths[^1])
            : throw new InvalidDataException($"COPY needs a source and a destination: {instruction}");
    }

    /// <summary>Where <paramref name="source"/> lands: into the destination directory when it ends with '/'.</summary>
    public string Target(string source, string workdir)
    {
        var destination = Destination.StartsWith('/') ? Destination : $"{workdir.TrimEnd('/')}/{Destination}";
        if (!destination.EndsWith('/')) return Normalize(destination);
        // A directory source's contents go into the destination; a file goes inside it under its own name.
        return Normalize(source.EndsWith('/') ? destination : destination + System.IO.Path.GetFileName(source));
    }

    /// <summary>An absolute path without "." segments, empty segments or a trailing slash.</summary>
    public static string Normalize(string path) =>
        "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "."));
}
