using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Api.Cluster.Tests.Kubernetes.Support;
using LetsCode.Api.Storage;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Simulator;
using LetsCode.Operator.Judging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsCode.Api.Cluster.Tests.Kubernetes;

/// <summary>
/// POST /api/test and GET /api/languages in cluster mode, end to end: the real API host (AddLetsCodeCluster +
/// AddKubernetesSandbox) against the simulated API server, the operator in-process, the real runner in the "pods",
/// PostgreSQL and Redis. Custom runs become run-* Submission resources judged in sandbox pods, never submission rows.
/// </summary>
[Collection(SharedServersCollection.Name)]
public sealed class TestRunEndToEndTests(SharedServers servers) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private SandboxNamespace cluster = null!;
    private RealRunnerExec exec = null!;
    private InProcessOperator? judge;

    public async Task InitializeAsync()
    {
        exec = new RealRunnerExec(RepositoryPaths.RequiredRunner);
        cluster = await SandboxNamespace.StartAsync(new SimulatorOptions { ExecHandler = exec, PodStartDelay = TimeSpan.FromMilliseconds(100) });
    }

    public async Task DisposeAsync()
    {
        if (judge is not null)
        {
            await judge.DisposeAsync();
        }
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task Custom_runs_are_judged_in_sandbox_pods_and_never_become_submissions()
    {
        await cluster.CreatePoolAsync("python3", "python3", min: 1, max: 2);
        await cluster.CreatePoolAsync("cpp", "cpp", min: 1, max: 1);
        await using var api = await StartApiAsync();
        var http = api.CreateClient();
        StartOperator(SuitesServedBy(api));

        // The catalog is the WarmPools': versions from the image tags, compiled and function style from the judge library.
        var languages = await LanguagesAsync(http, 2);
        Assert.Equal(["cpp", "python3"], languages.Select(l => l.GetProperty("name").GetString()));
        var python = languages.Single(l => l.GetProperty("name").GetString() == "python3");
        Assert.Equal(("test", false, true), (python.GetProperty("version").GetString(), python.GetProperty("compiled").GetBoolean(), python.GetProperty("functionStyle").GetBoolean()));
        var cpp = languages.Single(l => l.GetProperty("name").GetString() == "cpp");
        Assert.Equal((true, false), (cpp.GetProperty("compiled").GetBoolean(), cpp.GetProperty("functionStyle").GetBoolean()));
        var noPool = await http.PostAsJsonAsync("/api/test", new { code = "class Main {}", input = "", language = "java" });
        Assert.Equal(HttpStatusCode.BadRequest, noPool.StatusCode);

        // A python3 program echoing its stdin: the output comes back through the Submission's status.
        var echo = await RunAsync(http, "python3",
            "import sys\ndata = sys.stdin.read()\nprint(data.upper(), end='')\nprint('note', file=sys.stderr)\n", "hello\nworld\n");
        Assert.Equal(HttpStatusCode.OK, echo.Status);
        Assert.True(echo.Body.GetProperty("success").GetBoolean(), echo.Body.ToString());
        Assert.Equal("HELLO\nWORLD\n", echo.Body.GetProperty("output").GetString());
        Assert.Equal("note\n", echo.Body.GetProperty("stderr").GetString());
        Assert.Equal("Accepted", echo.Body.GetProperty("verdict").GetString());
        Assert.Equal(0, echo.Body.GetProperty("exitCode").GetInt32());

        // A C++ compile error is reported with the compiler's output.
        var broken = await RunAsync(http, "cpp", "int main() { return undefined_name; }\n", "");
        Assert.Equal(HttpStatusCode.OK, broken.Status);
        Assert.False(broken.Body.GetProperty("success").GetBoolean());
        Assert.Equal("CompilationError", broken.Body.GetProperty("verdict").GetString());
        Assert.Contains("undefined_name", broken.Body.GetProperty("compileOutput").GetString());

        // The queue, dispatcher (started from the WarmPool catalog) and status sync still judge real submissions.
        var submit = await http.PostAsJsonAsync("/api/submit",
            new { code = "a, b = map(int, input().split())\nprint(a + b)\n", language = "python3", problemId = "a-plus-b", userId = "erin" });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var id = (await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetGuid();
        JsonElement document = default;
        await Eventually.HoldsAsync(async () =>
        {
            document = await http.GetFromJsonAsync<JsonElement>($"/api/submission/{id}");
            return document.GetProperty("status").GetString() is "Completed" or "Failed";
        }, Wait, "the submission completed");
        Assert.Equal("Accepted", document.GetProperty("verdict").GetProperty("status").GetString());

        // The custom runs were deleted once read, and only the submission has a row.
        await SandboxNamespace.EventuallyAsync(() => RunResourcesAsync(), names => names.Count == 0, Wait, "run-* resources left");
        Assert.Equal([id], await SubmissionIdsAsync(api));
        Assert.Equal(3, exec.Runs);
    }

    [Fact]
    public async Task Without_a_sandbox_the_wait_is_bounded_and_an_abandoned_run_is_deleted()
    {
        // min 0 and a quota of 0 pods: the operator can never start a pod, so every run waits (QuotaExceeded).
        await cluster.Api.For(KubernetesResources.ResourceQuotas).CreateAsync(new ResourceQuota
        {
            Metadata = new ObjectMeta { Name = "capacity", Namespace = SandboxNamespace.Namespace },
            Spec = new ResourceQuotaSpec { Hard = new Dictionary<string, string> { ["pods"] = "0" } },
        });
        await cluster.CreatePoolAsync("python3", "python3", min: 0, max: 1);
        await using var api = await StartApiAsync(new() { ["Cluster:TestRuns:TimeoutSeconds"] = "3" });
        var http = api.CreateClient();
        StartOperator(new InMemoryTestSuites());
        await LanguagesAsync(http, 1);

        // The client gives up while its run waits for a pod: the resource goes with it.
        using (var gone = new CancellationTokenSource())
        {
            var abandoned = http.PostAsJsonAsync("/api/test", new { code = "print(1)", input = "", language = "python3" }, gone.Token);
            await SandboxNamespace.EventuallyAsync(() => RunResourcesAsync(), names => names.Count == 1, Wait, "the run's resource");
            await gone.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        }
        await SandboxNamespace.EventuallyAsync(() => RunResourcesAsync(), names => names.Count == 0, TimeSpan.FromSeconds(15), "the abandoned run's resource");

        // A run that waits past the bound gets a problem document, not a hang, and its resource is deleted.
        var clock = Stopwatch.StartNew();
        var response = await http.PostAsJsonAsync("/api/test", new { code = "print(1)", input = "", language = "python3" });
        clock.Stop();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("no sandbox", problem.GetProperty("detail").GetString());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(15));
        await SandboxNamespace.EventuallyAsync(() => RunResourcesAsync(), names => names.Count == 0, TimeSpan.FromSeconds(15), "the timed-out run's resource");
        Assert.Empty(await SubmissionIdsAsync(api));
        Assert.Equal(0, exec.Runs);
    }

    private async Task<KubernetesApiHost> StartApiAsync(Dictionary<string, string?>? extra = null)
    {
        var postgres = await servers.Postgres.CreateUniqueDatabaseAsync("testruns");
        var data = Directory.CreateTempSubdirectory("letscode-testruns-").FullName;
        var settings = KubernetesApiHost.Settings(servers.Redis.ConnectionString, postgres, data);
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        var api = new KubernetesApiHost(settings, cluster.Simulator.BaseAddress);
        using var ready = api.CreateClient();
        // Ready once its sandbox informers have synced with the API server: a moment after start, longer under load.
        await Eventually.HoldsAsync(async () => (await ready.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, Wait, "/readyz answering 200");
        return api;
    }

    private void StartOperator(ITestSuiteSource suites) => judge = InProcessOperator.Start(cluster, suites);

    /// <summary>The operator fetches suites from the API's internal endpoint, as in a cluster.</summary>
    private static HttpTestSuiteSource SuitesServedBy(KubernetesApiHost api)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KubernetesApiHost.Token);
        return new HttpTestSuiteSource(client, api.Server.BaseAddress);
    }

    private static async Task<List<JsonElement>> LanguagesAsync(HttpClient http, int count)
    {
        List<JsonElement> languages = [];
        await Eventually.HoldsAsync(async () =>
        {
            languages = [.. (await http.GetFromJsonAsync<JsonElement>("/api/languages")).EnumerateArray()];
            return languages.Count == count;
        }, Wait, $"{count} languages from the WarmPools");
        return languages;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> RunAsync(HttpClient http, string language, string code, string input)
    {
        var response = await http.PostAsJsonAsync("/api/test", new { code, input, language });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<List<string>> RunResourcesAsync() =>
        [.. (await cluster.Submissions.ListAsync(SandboxNamespace.Namespace)).Items
            .Where(s => s.Metadata.Name!.StartsWith("run-", StringComparison.Ordinal)).Select(s => s.Metadata.Name!)];

    private static async Task<List<Guid>> SubmissionIdsAsync(KubernetesApiHost api)
    {
        await using var db = await api.Services.GetRequiredService<IDbContextFactory<LetsCodeDbContext>>().CreateDbContextAsync();
        return await db.Submissions.Select(s => s.Id).ToListAsync();
    }
}
