using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LetsCode.Judge.Languages;

/// <summary>
/// Finds which languages can run here: the toolchain's executables exist and its version probe answers. The probes
/// run the trusted toolchains on the host (no user code), once per detector instance.
/// </summary>
public sealed class LanguageDetector
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    private readonly LanguageRegistry _registry;
    private readonly Dictionary<string, Lazy<LanguageInfo?>> _probes;
    private readonly Lazy<IReadOnlyList<LanguageInfo>> _available;

    public LanguageDetector() : this(LanguageRegistry.CreateDefault())
    {
    }

    public LanguageDetector(LanguageRegistry registry)
    {
        _registry = registry;
        // Each language is probed at most once, and only when asked about: judging a python3 job does not pay for
        // starting javac to learn its version.
        _probes = registry.All.ToDictionary(
            l => l.Name,
            l => new Lazy<LanguageInfo?>(() => Detect(l), LazyThreadSafetyMode.ExecutionAndPublication),
            StringComparer.Ordinal);
        _available = new Lazy<IReadOnlyList<LanguageInfo>>(
            () => [.. _probes.Values.Select(p => p.Value).OfType<LanguageInfo>().OrderBy(l => l.Name, StringComparer.Ordinal)],
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public LanguageRegistry Registry => _registry;

    /// <summary>Languages installed here, with their toolchain versions, sorted by name.</summary>
    public IReadOnlyList<LanguageInfo> DetectAvailable() => _available.Value;

    /// <summary>True when the language is known and its toolchain is installed here (probes only that language).</summary>
    public bool IsAvailable(string language) => Find(language) is not null;

    /// <summary>The installed version of a language's toolchain, or null when it is not available.</summary>
    public string? VersionOf(string language) => Find(language)?.Version;

    private LanguageInfo? Find(string language) => _probes.TryGetValue(language, out var probe) ? probe.Value : null;

    private static LanguageInfo? Detect(LanguageDefinition language)
    {
        if (!language.RequiredExecutables.All(File.Exists)) return null;
        var version = Probe(language.VersionProbe);
        return version is null ? null : new LanguageInfo(language.Name, version, language.Compiled);
    }

    private static string? Probe(VersionProbe probe)
    {
        try
        {
            var start = new ProcessStartInfo(probe.Command[0])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in probe.Command.Skip(1)) start.ArgumentList.Add(argument);
            start.Environment.Clear();
            start.Environment["PATH"] = "/usr/bin:/bin";
            start.Environment["LANG"] = "C.UTF-8";

            using var process = Process.Start(start);
            if (process is null) return null;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            var match = Regex.Match(stdout.Result + "\n" + stderr.Result, probe.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return process.ExitCode == 0 && match.Success ? match.Groups[1].Value : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
