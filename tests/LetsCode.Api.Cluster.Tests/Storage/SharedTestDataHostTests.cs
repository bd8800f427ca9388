using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Api.Cluster.Tests.InMemory;
using LetsCode.Api.Cluster.TestData;
using LetsCode.Api.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LetsCode.Api.Cluster.Tests.Storage;

/// <summary>
/// Two replicas of the real Program in cluster mode that share PostgreSQL and Redis but no disk: test data uploaded
/// through one is downloaded, dispatched and served to the operator through the other.
/// </summary>
[Collection(SharedServersCollection.Name)]
public sealed class SharedTestDataHostTests(SharedServers servers)
{
    [Fact]
    public async Task A_problem_uploaded_on_one_replica_is_judged_and_served_to_the_operator_by_another()
    {
        var postgres = await servers.Postgres.CreateUniqueDatabaseAsync("shared-data");
        var dataA = Directory.CreateTempSubdirectory("letscode-replica-a-").FullName;
        var dataB = Directory.CreateTempSubdirectory("letscode-replica-b-").FullName;
        var prefix = SharedServers.NewPrefix();
        var sandboxes = new InMemorySandboxCluster(pods: 2, runTime: TimeSpan.FromMilliseconds(50));
        await using var a = new ClusterApiHost(ClusterApiHost.Settings(servers.Redis.ConnectionString, postgres, dataA, prefix, "replica-a"), sandboxes);
        await using var b = new ClusterApiHost(ClusterApiHost.Settings(servers.Redis.ConnectionString, postgres, dataB, prefix, "replica-b"), sandboxes);
        var httpA = a.CreateClient();
        var httpB = b.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await httpA.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await httpB.GetAsync("/readyz")).StatusCode);
        Assert.IsType<PostgresTestDataStore>(a.Services.GetRequiredService<ITestDataStore>());

        // A: the problem with an inline sample, then a large test streamed in (several chunks).
        var create = await httpA.PostAsJsonAsync("/api/problems", new
        {
            id = "big-sum",
            title = "Big sum",
            statement = "Sum every line.",
            tests = new[] { new { name = "1", input = "1 2\n", expectedOutput = "3\n", sample = true } },
        });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var bigInput = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 300_000).Select(i => $"{i} {i + 1}\n")));
        Assert.True(bigInput.Length > 3 * PostgresTestDataStore.ChunkBytes);
        var upload = await httpA.PutAsync("/api/problems/big-sum/tests/big/input", new ByteArrayContent(bigInput));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bigInput)),
            (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString());
        Assert.Equal(HttpStatusCode.OK, (await httpA.PutAsync("/api/problems/big-sum/tests/big/output", new StringContent("done\n"))).StatusCode);

        // B: the same bytes, from its own process-local view of nothing but the database.
        Assert.Equal(bigInput, await httpB.GetByteArrayAsync("/api/problems/big-sum/tests/big/input"));

        // Submitted on A, dispatched by whichever replica leads (it hashes the suite from the store), judged.
        var submit = await httpA.PostAsJsonAsync("/api/submit",
            new { code = "print(0)", language = "python3", problemId = "big-sum", userId = "erin" });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var id = (await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetGuid();
        await Eventually.HoldsAsync(async () =>
            (await httpB.GetFromJsonAsync<JsonElement>($"/api/submission/{id}")).GetProperty("status").GetString() == "Completed",
            TimeSpan.FromSeconds(60), "the submission completed");

        // The operator fetches the suite from B: both tests, the large input intact, hashing to the resource's ref.
        var spec = Assert.Single(sandboxes.Specs, s => s.ProblemId == "big-sum");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/internal/problems/big-sum/tests/{spec.SuiteSha256}")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", ClusterApiHost.Token) },
        };
        var suite = await httpB.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, suite.StatusCode);
        var bytes = await suite.Content.ReadAsByteArrayAsync();
        Assert.Equal(spec.SuiteSha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var tests = JsonDocument.Parse(bytes).RootElement.EnumerateArray().ToList();
        Assert.Equal(["1", "big"], tests.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("3\n", tests[0].GetProperty("expectedOutput").GetString());
        Assert.Equal(Encoding.ASCII.GetString(bigInput), tests[1].GetProperty("input").GetString());
        Assert.Equal("done\n", tests[1].GetProperty("expectedOutput").GetString());

        // Neither replica wrote test data to its disk.
        Assert.False(Directory.Exists(Path.Combine(dataA, "testdata")));
        Assert.False(Directory.Exists(Path.Combine(dataB, "testdata")));
    }

    [Fact]
    public async Task A_replicas_collector_removes_replaced_test_data_from_the_shared_database()
    {
        var postgres = await servers.Postgres.CreateUniqueDatabaseAsync("collect-host");
        var data = Directory.CreateTempSubdirectory("letscode-replica-c-").FullName;
        var settings = ClusterApiHost.Settings(servers.Redis.ConnectionString, postgres, data, SharedServers.NewPrefix(), "replica-c");
        settings["TestData:Collection:GraceHours"] = "0";
        await using var host = new ClusterApiHost(settings, new InMemorySandboxCluster(pods: 1, runTime: TimeSpan.FromMilliseconds(10)));
        var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        var create = await http.PostAsJsonAsync("/api/problems", new
        {
            id = "collected",
            title = "Collected",
            tests = new[] { new { name = "1", input = "replaced soon\n", expectedOutput = "kept\n" } },
        });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsync("/api/problems/collected/tests/1/input", new StringContent("replacement\n"))).StatusCode);
        var store = Assert.IsType<PostgresTestDataStore>(host.Services.GetRequiredService<ITestDataStore>());
        var collector = host.Services.GetRequiredService<TestDataCollector>();
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => ReferenceEquals(s, collector));

        var result = await collector.CollectOnceAsync(CancellationToken.None);

        Assert.Equal(1, result.Blobs);
        Assert.False(store.Exists(Convert.ToHexStringLower(SHA256.HashData("replaced soon\n"u8))));
        Assert.Equal("replacement\n", await http.GetStringAsync("/api/problems/collected/tests/1/input"));
        Assert.Equal("kept\n", await http.GetStringAsync("/api/problems/collected/tests/1/output"));
        Assert.False(Directory.Exists(Path.Combine(data, "testdata")));
    }

    [Fact]
    public async Task The_file_store_remains_available_for_a_shared_volume()
    {
        var postgres = await servers.Postgres.CreateUniqueDatabaseAsync("file-store");
        var data = Directory.CreateTempSubdirectory("letscode-shared-volume-").FullName;
        var settings = ClusterApiHost.Settings(servers.Redis.ConnectionString, postgres, data, SharedServers.NewPrefix(), "replica-f");
        settings["Cluster:TestDataStore"] = "File";
        await using var host = new ClusterApiHost(settings, new InMemorySandboxCluster(pods: 1, runTime: TimeSpan.FromMilliseconds(10)));

        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync("/readyz")).StatusCode);
        Assert.IsType<FileTestDataStore>(host.Services.GetRequiredService<ITestDataStore>());
    }
}
