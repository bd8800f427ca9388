using LetsCode.Api.Composition;
using LetsCode.Api.Configuration;
using LetsCode.Api.Languages;
using LetsCode.Judge.Judging;

namespace LetsCode.Api.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class RealJudgeCollection : ICollectionFixture<RealJudgeHost>
{
    public const string Name = "real judge";
}

/// <summary>
/// The real judge (hardened sandbox, real compilers), built through JudgeWiring exactly as the service builds it,
/// once for the whole test run, and one service instance on it shared by the end-to-end tests. Every host in
/// this collection uses this one judge: the sandbox names its cgroups per process, so two sandbox instances in one
/// process must not coexist (reported to the judge owners).
/// </summary>
public sealed class RealJudgeHost : IAsyncLifetime
{
    private readonly TempDirectory data = new();
    private readonly string workRoot = Path.Combine(Path.GetTempPath(), "letscode-api-tests-judge", Guid.NewGuid().ToString("N"));

    public IJudge Judge { get; private set; } = null!;

    public ILanguageCatalog Languages { get; private set; } = null!;

    public ApiHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Another service instance on the shared judge (e.g. to stop and start it on one data directory).</summary>
    public ApiHost CreateHost(string dataDirectory) =>
        new(dataDirectory, Judge, new Dictionary<string, string?> { ["LetsCode:Workers"] = "2", ["LetsCode:PerUserQueueCap"] = "1000" }, Languages);

    public Task InitializeAsync()
    {
        var detector = JudgeWiring.CreateDetector();
        Judge = JudgeWiring.CreateJudge(new LetsCodeOptions
        {
            JudgeWorkRoot = Path.Combine(workRoot, "work"),
            JudgeCacheRoot = Path.Combine(workRoot, "cache"),
        }, detector);
        Languages = JudgeWiring.CreateLanguageCatalog(detector);
        Host = CreateHost(data.Path);
        Client = Host.CreateClient();
        // The machine is shared: under others' load a burst can take minutes; 100 s (the default) is not a property.
        Client.Timeout = TimeSpan.FromMinutes(5);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        (Judge as IDisposable)?.Dispose();
        data.Dispose();
        try
        {
            Directory.Delete(workRoot, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
