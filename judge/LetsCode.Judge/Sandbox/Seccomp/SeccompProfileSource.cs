using System.Reflection;

namespace LetsCode.Judge.Sandbox.Seccomp;

/// <summary>
/// Where profile texts come from: the seccomp/*.json files embedded in this library (so the runner binary is
/// self-contained), or a directory that overrides them (operators tuning profiles without a rebuild).
/// </summary>
internal sealed class SeccompProfileSource(string? directory)
{
    private const string ResourcePrefix = "seccomp/";

    /// <exception cref="SandboxUnavailableException">No such profile.</exception>
    public string Read(string name)
    {
        if (directory is not null)
        {
            var path = Path.Combine(directory, name + ".json");
            if (!File.Exists(path)) throw new SandboxUnavailableException("seccomp", $"no profile '{name}' in {directory}");
            return File.ReadAllText(path);
        }
        using var stream = typeof(SeccompProfileSource).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json")
            ?? throw new SandboxUnavailableException("seccomp", $"no embedded profile '{name}' (have: {string.Join(", ", Names())})");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public IReadOnlyList<string> Names()
    {
        if (directory is not null)
            return Directory.Exists(directory)
                ? Directory.GetFiles(directory, "*.json").Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal).ToArray()
                : [];
        Assembly assembly = typeof(SeccompProfileSource).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
