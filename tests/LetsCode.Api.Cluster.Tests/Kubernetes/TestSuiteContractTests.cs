using System.Text;
using LetsCode.Api.Cluster.TestData;
using LetsCode.Api.Storage;
using LetsCode.Judge.Model;
using LetsCode.Operator.Judging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LetsCode.Api.Cluster.Tests.Kubernetes;

/// <summary>
/// The testsRef contract between the two sides: the suite document the API writes (TestSuiteDocument, hashed at
/// dispatch into the Submission's testsRef.sha256) is what the operator's real HTTP source accepts: the same hash
/// over the served bytes, and the same tests once parsed. Served over real HTTP on loopback.
/// </summary>
public sealed class TestSuiteContractTests : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"letscode-suite-{Guid.NewGuid():N}");
    private WebApplication app = null!;
    private FileTestDataStore store = null!;
    private readonly Dictionary<string, TestSuiteManifest> served = [];

    public async Task InitializeAsync()
    {
        store = new FileTestDataStore(root);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        app = builder.Build();
        // The document route as the API's internal endpoint serves it (there behind the token and the database lookup).
        app.MapGet("/internal/problems/{problemId}/tests/{sha256}", async (string problemId, string sha256, HttpContext context) =>
        {
            if (!served.TryGetValue(sha256, out var manifest) || manifest.ProblemId != problemId)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            context.Response.ContentType = "application/json";
            await TestSuiteDocument.WriteAsync(manifest, store, context.Response.Body, context.RequestAborted);
        });
        await app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task The_operator_verifies_and_parses_the_suite_the_api_hashed()
    {
        TestCase[] tests =
        [
            new() { Name = "1", Input = "1 2\n", ExpectedOutput = "3\n" },
            new() { Name = "quotes \"and\" \\slashes", Input = "", ExpectedOutput = "\t\r\n" },
            new() { Name = "unicode", Input = "héllo wörld ✓ </script>\n", ExpectedOutput = new string('x', 200_000) },
        ];
        var manifest = await ManifestAsync("a-plus-b", tests);
        var sha256 = await TestSuiteDocument.HashAsync(manifest, store, default);
        served[sha256] = manifest;

        using var http = new HttpClient();
        var source = new HttpTestSuiteSource(http, BaseAddress);
        var fetched = await source.GetAsync("a-plus-b", sha256, default);

        Assert.Equal(tests, fetched);
    }

    [Fact]
    public async Task A_suite_the_api_no_longer_has_fails_permanently_in_the_operator()
    {
        using var http = new HttpClient();
        var source = new HttpTestSuiteSource(http, BaseAddress);

        var error = await Assert.ThrowsAsync<TestSuiteUnavailableException>(() => source.GetAsync("a-plus-b", new string('0', 64), default));
        Assert.True(error.Permanent);
    }

    private Uri BaseAddress => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    private async Task<TestSuiteManifest> ManifestAsync(string problemId, IEnumerable<TestCase> tests)
    {
        var entries = new List<TestSuiteEntry>();
        foreach (var test in tests)
        {
            var input = await PutAsync(test.Input);
            var output = await PutAsync(test.ExpectedOutput);
            entries.Add(new TestSuiteEntry(test.Name, input.Sha256, input.Bytes, output.Sha256, output.Bytes));
        }
        return new TestSuiteManifest(problemId, entries);
    }

    private async Task<StoredBlob> PutAsync(string text)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await store.PutAsync(content, long.MaxValue, default);
    }
}
