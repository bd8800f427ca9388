using System.Formats.Tar;
using System.IO.Compression;
using LetsCode.Charts.Tests.Helm;
using LetsCode.Charts.Tests.Yaml;

namespace LetsCode.Charts.Tests.Chart;

/// <summary>
/// The chart's crds/ files and files/seccomp are symlinks into the repository's crds/ and seccomp/ folders (one
/// source of truth); helm follows them when rendering and stores the linked contents when packaging.
/// </summary>
[Collection(HelmCollection.Name)]
public sealed class CrdAndProfileFilesTests
{
    private readonly HelmCli _helm;

    public CrdAndProfileFilesTests(HelmCli helm) => _helm = helm;

    [Fact]
    public void Every_crd_of_the_repository_is_linked_into_the_chart_and_nothing_else_is()
    {
        var repoCrds = Directory.GetFiles(RepositoryRoot.Combine("crds"), "*.yaml").Select(Path.GetFileName).Order().ToList();
        var chartCrds = Directory.GetFileSystemEntries(Path.Combine(HelmCli.ChartDirectory, "crds")).Select(Path.GetFileName).Order().ToList();
        Assert.NotEmpty(repoCrds);
        Assert.Equal(repoCrds, chartCrds);
        foreach (var name in chartCrds)
        {
            var link = new FileInfo(Path.Combine(HelmCli.ChartDirectory, "crds", name!));
            Assert.Equal($"../../../crds/{name}", link.LinkTarget);
        }

        Assert.Equal("../../../seccomp", new DirectoryInfo(Path.Combine(HelmCli.ChartDirectory, "files", "seccomp")).LinkTarget);
    }

    [Fact]
    public async Task Include_crds_renders_the_submission_and_warmpool_definitions()
    {
        var chart = await _helm.TemplateAsync("--include-crds");
        var crds = chart.OfKind("CustomResourceDefinition").Select(c => c.Name).Order().ToList();
        Assert.Equal(["submissions.letscode.dev", "warmpools.letscode.dev"], crds);
    }

    [Fact]
    public async Task The_packaged_chart_holds_the_linked_files_and_not_the_samples()
    {
        var output = Path.Combine(Path.GetTempPath(), "letscode-charts-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        try
        {
            await _helm.RunAsync("package", HelmCli.ChartDirectory, "--destination", output);
            var package = Assert.Single(Directory.GetFiles(output, "letscode-*.tgz"));
            var entries = await ReadTarGzAsync(package);

            foreach (var crd in Directory.GetFiles(RepositoryRoot.Combine("crds"), "*.yaml"))
            {
                Assert.Equal(await File.ReadAllTextAsync(crd), entries[$"letscode/crds/{Path.GetFileName(crd)}"]);
            }

            foreach (var profile in Directory.GetFiles(RepositoryRoot.Combine("seccomp"), "*.json"))
            {
                Assert.Equal(await File.ReadAllTextAsync(profile), entries[$"letscode/files/seccomp/{Path.GetFileName(profile)}"]);
            }

            Assert.DoesNotContain(entries.Keys, k => k.Contains("samples", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task The_installer_ships_every_seccomp_profile_of_the_repository_unchanged()
    {
        var chart = await _helm.TemplateAsync();
        var profiles = chart.Single("ConfigMap", "letscode-seccomp-profiles");
        var repoProfiles = Directory.GetFiles(RepositoryRoot.Combine("seccomp"), "*.json");
        Assert.Equal(repoProfiles.Select(Path.GetFileName).Order(), profiles.At("data").Keys().Order());
        foreach (var file in repoProfiles)
        {
            // The ConfigMap's block scalar drops the final newline.
            Assert.Equal((await File.ReadAllTextAsync(file)).TrimEnd('\n'), profiles.Str("data", Path.GetFileName(file)));
        }
    }

    private static async Task<Dictionary<string, string>> ReadTarGzAsync(string path)
    {
        var entries = new Dictionary<string, string>();
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            if (entry.DataStream is { } data)
            {
                using var reader = new StreamReader(data);
                entries[entry.Name] = await reader.ReadToEndAsync();
            }
        }

        return entries;
    }
}
