using System.Reflection;

namespace LetsCode.Operator.Tests.Support;

internal static class TestPaths
{
    public static string RepositoryRoot => Path.GetFullPath(Metadata("RepositoryRoot"));

    /// <summary>LETSCODE_RUNNER, else the runner built with this test project (its ProjectReference builds it first).</summary>
    public static string Runner =>
        Environment.GetEnvironmentVariable("LETSCODE_RUNNER") is { Length: > 0 } path ? path : Path.GetFullPath(Metadata("RunnerPath"));

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} missing");
}
