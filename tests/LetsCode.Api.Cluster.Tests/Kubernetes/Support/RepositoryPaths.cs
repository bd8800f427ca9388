namespace LetsCode.Api.Cluster.Tests.Kubernetes.Support;

/// <summary>Where the CRDs and the built runner are, found from the test's output folder (no build metadata needed).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Crds => Path.Combine(Root, "crds");

    /// <summary><see cref="Runner"/>, or a message saying how to build it.</summary>
    public static string RequiredRunner => Runner ?? throw new InvalidOperationException(
        "letscode-runner is not built (dotnet build judge/LetsCode.Runner, or set LETSCODE_RUNNER)");

    /// <summary>LETSCODE_RUNNER, else the runner built next to this repository's sources (Debug, then Release).</summary>
    public static string? Runner
    {
        get
        {
            if (Environment.GetEnvironmentVariable("LETSCODE_RUNNER") is { Length: > 0 } configured)
            {
                return configured;
            }
            return new[] { "Debug", "Release" }
                .Select(c => Path.Combine(Root, "judge", "LetsCode.Runner", "bin", c, "net10.0", "letscode-runner"))
                .FirstOrDefault(File.Exists);
        }
    }

    /// <summary>
    /// The built assembly of a shipped project (e.g. api/LetsCode.Server, letscode-server.dll), preferring the
    /// configuration this test was built in so a stale build of the other one is never picked.
    /// </summary>
    public static string BuiltAssembly(string project, string assembly)
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Parent?.Name;
        var candidates = new[] { own, "Release", "Debug" }.OfType<string>().Distinct()
            .Select(c => Path.Combine(Root, project, "bin", c, "net10.0", assembly));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{assembly} is not built (dotnet build {project})");
    }

    /// <summary>LETSCODE_REPOSITORY_ROOT, else the first folder above the test's output holding crds/submission.yaml.</summary>
    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("LETSCODE_REPOSITORY_ROOT") is { Length: > 0 } configured)
        {
            return configured;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "crds", "submission.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "judge")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no repository root (crds/submission.yaml) above {AppContext.BaseDirectory}");
    }
}
