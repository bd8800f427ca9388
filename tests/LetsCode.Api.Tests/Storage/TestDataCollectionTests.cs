using System.Net;
using System.Net.Http.Json;
using LetsCode.Api.Configuration;
using LetsCode.Api.Contracts;
using LetsCode.Api.Storage;
using LetsCode.Api.Tests.Infrastructure;
using LetsCode.Testing.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Tests.Storage;

/// <summary>
/// The collector in the embedded service (SQLite and the file store), driven one pass at a time: time is moved by a
/// clock that runs ahead, or the grace period set to zero, never waited for.
/// </summary>
public sealed class TestDataCollectionTests : IDisposable
{
    private readonly TempDirectory data = new();

    [Fact]
    public async Task Replacing_a_problems_tests_then_one_pass_removes_the_old_data_and_keeps_everything_referenced()
    {
        using var host = new ApiHost(data.Path, new ScriptedJudge());
        var client = host.CreateClient();
        var before = await CreateAsync(client, "replaced", ("a", "old input a\n", "old output a\n"), ("b", "old input b\n", "shared output\n"));
        var after = await ReplaceTestsAsync(client, "replaced", ("c", "new input c\n", "shared output\n"));
        var store = host.Services.GetRequiredService<ITestDataStore>();
        var collector = Collector(host, new ShiftedTimeProvider(TimeSpan.FromDays(2)));

        var result = await collector.CollectOnceAsync(CancellationToken.None);

        var gone = new[] { before[0].InputSha256, before[0].OutputSha256, before[1].InputSha256 };
        Assert.Equal(new TestDataCollectionResult(3, "old input a\n".Length + "old output a\n".Length + "old input b\n".Length, 0, 0), result);
        Assert.All(gone, h => Assert.False(store.Exists(h)));
        Assert.Equal("new input c\n", await client.GetStringAsync("/api/problems/replaced/tests/c/input"));
        Assert.Equal("shared output\n", await client.GetStringAsync("/api/problems/replaced/tests/c/output"));
        Assert.Equal(after[0].OutputSha256, before[1].OutputSha256);
        // The sample problems' data is referenced too: still served inline.
        var sample = await client.GetFromJsonAsync<ProblemDocument>("/api/problems/a-plus-b", HttpApi.Json);
        Assert.NotNull(sample!.Tests[0].Input);

        // A second pass (or another replica's) finds nothing left to do.
        Assert.Equal(TestDataCollectionResult.Nothing, await collector.CollectOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_deleted_problems_data_is_collected_except_what_another_problem_also_uses()
    {
        using var host = new ApiHost(data.Path, new ScriptedJudge());
        var client = host.CreateClient();
        var deleted = await CreateAsync(client, "deleted", ("1", "only here\n", "both\n"));
        await CreateAsync(client, "kept", ("1", "elsewhere\n", "both\n"));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/problems/deleted")).StatusCode);
        var store = host.Services.GetRequiredService<ITestDataStore>();

        var result = await Collector(host, new ShiftedTimeProvider(TimeSpan.FromDays(2))).CollectOnceAsync(CancellationToken.None);

        Assert.Equal(1, result.Blobs);
        Assert.False(store.Exists(deleted[0].InputSha256));
        Assert.True(store.Exists(deleted[0].OutputSha256));
        Assert.Equal("both\n", await client.GetStringAsync("/api/problems/kept/tests/1/output"));
    }

    [Fact]
    public async Task Unreferenced_data_younger_than_the_grace_period_is_kept_by_the_registered_collector()
    {
        using var host = new ApiHost(data.Path, new ScriptedJudge());
        var client = host.CreateClient();
        var before = await CreateAsync(client, "young", ("1", "just replaced\n", "just replaced too\n"));
        await ReplaceTestsAsync(client, "young", ("1", "newer\n", "newer too\n"));
        var collector = host.Services.GetRequiredService<TestDataCollector>();

        Assert.Contains(host.Services.GetServices<IHostedService>(), s => ReferenceEquals(s, collector));
        Assert.Equal(TimeSpan.FromHours(24), host.Services.GetRequiredService<IOptions<TestDataCollectionOptions>>().Value.Grace);
        Assert.Equal(TestDataCollectionResult.Nothing, await collector.CollectOnceAsync(CancellationToken.None));
        Assert.True(host.Services.GetRequiredService<ITestDataStore>().Exists(before[0].InputSha256));
    }

    [Fact]
    public async Task The_grace_period_comes_from_configuration_and_zero_collects_at_once()
    {
        using var host = new ApiHost(data.Path, new ScriptedJudge(), new Dictionary<string, string?>
        {
            ["TestData:Collection:GraceHours"] = "0",
            ["TestData:Collection:IntervalMinutes"] = "90",
        });
        var client = host.CreateClient();
        var before = await CreateAsync(client, "configured", ("1", "collected at once\n", "this too\n"));
        await ReplaceTestsAsync(client, "configured", ("1", "kept\n", "kept too\n"));
        var options = host.Services.GetRequiredService<IOptions<TestDataCollectionOptions>>().Value;

        var result = await host.Services.GetRequiredService<TestDataCollector>().CollectOnceAsync(CancellationToken.None);

        Assert.Equal((TimeSpan.Zero, TimeSpan.FromMinutes(90)), (options.Grace, options.Interval));
        Assert.Equal(2, result.Blobs);
        Assert.False(host.Services.GetRequiredService<ITestDataStore>().Exists(before[0].InputSha256));
        Assert.Equal("kept\n", await client.GetStringAsync("/api/problems/configured/tests/1/input"));
    }

    [Fact]
    public void A_negative_grace_period_stops_the_service_from_starting()
    {
        using var host = new ApiHost(data.Path, new ScriptedJudge(), new Dictionary<string, string?>
        {
            ["TestData:Collection:GraceHours"] = "-1",
        });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("GraceHours", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pass_that_fails_is_reported_and_logged_instead_of_thrown()
    {
        using var host = new ApiHost(data.Path, new ScriptedJudge());
        host.CreateClient();
        var collector = new TestDataCollector(
            new UnavailableStore(), host.Services.GetRequiredService<IDbContextFactory<LetsCodeDbContext>>(), TimeProvider.System,
            Options.Create(new TestDataCollectionOptions()), NullLogger<TestDataCollector>.Instance);

        Assert.Null(await collector.TryCollectOnceAsync(CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(() => collector.CollectOnceAsync(CancellationToken.None));
    }

    public void Dispose() => data.Dispose();

    private static TestDataCollector Collector(ApiHost host, TimeProvider time) => new(
        host.Services.GetRequiredService<ITestDataStore>(),
        host.Services.GetRequiredService<IDbContextFactory<LetsCodeDbContext>>(),
        time,
        Options.Create(new TestDataCollectionOptions()),
        NullLogger<TestDataCollector>.Instance);

    private static async Task<IReadOnlyList<ProblemTestDocument>> CreateAsync(
        HttpClient client, string id, params (string Name, string Input, string Output)[] tests)
    {
        var response = await client.PostAsJsonAsync("/api/problems", new { id, title = id, tests = Tests(tests) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProblemDocument>(HttpApi.Json))!.Tests;
    }

    private static async Task<IReadOnlyList<ProblemTestDocument>> ReplaceTestsAsync(
        HttpClient client, string id, params (string Name, string Input, string Output)[] tests)
    {
        var response = await client.PutAsJsonAsync($"/api/problems/{id}", new { title = id, tests = Tests(tests) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProblemDocument>(HttpApi.Json))!.Tests;
    }

    private static object[] Tests((string Name, string Input, string Output)[] tests) =>
        tests.Select(t => (object)new { name = t.Name, input = t.Input, expectedOutput = t.Output }).ToArray();

    /// <summary>A store whose disk is gone: every call fails.</summary>
    private sealed class UnavailableStore : ITestDataStore
    {
        public Task<StoredBlob> PutAsync(Stream content, long maxBytes, CancellationToken cancellationToken) => throw Unavailable();

        public Stream? OpenRead(string sha256) => throw Unavailable();

        public bool Exists(string sha256) => throw Unavailable();

        public Task<IReadOnlyList<ListedBlob>> ListStoredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<ListedBlob>>(Unavailable());

        public Task<bool> DeleteIfStoredBeforeAsync(string sha256, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
            Task.FromException<bool>(Unavailable());

        public Task<long> RemoveAbandonedWritesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
            Task.FromException<long>(Unavailable());

        private static IOException Unavailable() => new("the test data volume is not mounted");
    }
}
