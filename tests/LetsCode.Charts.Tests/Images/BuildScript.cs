using System.Diagnostics;
using LetsCode.Charts.Tests.Helm;

namespace LetsCode.Charts.Tests.Images;

/// <summary>
/// scripts/build-images.sh --dry-run: the builds the script would run, read from the commands it prints. It needs no
/// container engine, so the tests see exactly which image references and Containerfiles `make images` uses.
/// </summary>
public static class BuildScript
{
    public const string RelativePath = "scripts/build-images.sh";

    public static async Task<IReadOnlyList<PlannedBuild>> DryRunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        info.ArgumentList.Add(RepositoryRoot.Combine("scripts", "build-images.sh"));
        info.ArgumentList.Add("--dry-run");
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // The developer's own settings must not change what the test sees.
        foreach (var variable in new[] { "REGISTRY", "TAG", "ENGINE", "PLATFORM" }) info.Environment.Remove(variable);

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start bash.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{RelativePath} --dry-run exited with {process.ExitCode}:\n{await stderr}\n{await stdout}");
        }

        return (await stdout).Split('\n')
            .Where(l => l.StartsWith("+ ", StringComparison.Ordinal))
            .Select(Words)
            .Where(words => words.Length > 1 && words[1] == "build")
            .Select(PlannedBuild.FromCommand)
            .ToList();
    }

    /// <summary>The words of one printed command (printf %q escapes the spaces inside a word with a backslash).</summary>
    private static string[] Words(string line) =>
        line.Replace("\\ ", "\u0001", StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(w => w.Replace('\u0001', ' '))
            .ToArray();
}

/// <summary>One printed build command: its Containerfile, its image reference and its build arguments.</summary>
public sealed record PlannedBuild(string Containerfile, string Reference, IReadOnlyDictionary<string, string> BuildArguments)
{
    /// <summary>The image's repository name without registry and tag, e.g. runner-python3.</summary>
    public string Name => Reference[(Reference.LastIndexOf('/') + 1)..Reference.LastIndexOf(':')];

    public static PlannedBuild FromCommand(string[] words)
    {
        string? file = null, reference = null;
        var buildArguments = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < words.Length; i++)
        {
            switch (words[i])
            {
                case "-f": file = words[++i]; break;
                case "-t": reference = words[++i]; break;
                case "--build-arg":
                    var pair = words[++i].Split('=', 2);
                    buildArguments[pair[0]] = pair.Length == 2 ? pair[1] : "";
                    break;
            }
        }

        return new PlannedBuild(
            file ?? throw new InvalidDataException($"No -f in: {string.Join(' ', words)}"),
            reference ?? throw new InvalidDataException($"No -t in: {string.Join(' ', words)}"),
            buildArguments);
    }
}
