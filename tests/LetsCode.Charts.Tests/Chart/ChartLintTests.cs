using LetsCode.Charts.Tests.Helm;

namespace LetsCode.Charts.Tests.Chart;

[Collection(HelmCollection.Name)]
public sealed class ChartLintTests
{
    private readonly HelmCli _helm;

    public ChartLintTests(HelmCli helm) => _helm = helm;

    [Fact]
    public async Task Helm_is_version_4()
    {
        var version = await _helm.RunAsync("version", "--short");
        Assert.StartsWith("v4.", version.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_passes_strictly_with_default_values()
    {
        var output = await _helm.RunAsync("lint", "--strict", HelmCli.ChartDirectory, "--namespace", ChartRenderer.ReleaseNamespace);
        Assert.Contains("0 chart(s) failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_passes_strictly_with_external_databases_and_without_optional_parts()
    {
        var output = await _helm.RunAsync(
            "lint", "--strict", HelmCli.ChartDirectory, "--namespace", ChartRenderer.ReleaseNamespace,
            "--set", "postgresql.external.connectionString=Host=db;Database=letscode",
            "--set", "redis.external.connectionString=redis:6379",
            "--set", "runtimeClass.create=false",
            "--set", "seccomp.installer.enabled=false",
            "--set", "sandbox.createNamespace=false");
        Assert.Contains("0 chart(s) failed", output, StringComparison.Ordinal);
    }
}
