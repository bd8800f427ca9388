using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Api.Cluster.Tests.InMemory;
using LetsCode.Testing.Redis;

namespace LetsCode.Api.Cluster.Tests;

/// <summary>The service in cluster mode: two replicas over one PostgreSQL and one Redis, sandboxes in memory.</summary>
[Collection(SharedServersCollection.Name)]
public sealed class ClusterHostTests(SharedServers servers)
{
    [Fact]
    public async Task Submit_on_one_replica_is_dispatched_judged_and_streamed_to_another()
    {
        var postgres = await servers.Postgres.CreateUniqueDatabaseAsync("hosts");
        var data = Directory.CreateTempSubdirectory("letscode-cluster-host-").FullName;
        var prefix = SharedServers.NewPrefix();
        var sandboxes = new InMemorySandboxCluster(pods: 2, runTime: TimeSpan.FromMilliseconds(100)) { TestsPerSubmission = 3 };
        await using var a = new ClusterApiHost(ClusterApiHost.Settings(servers.Redis.ConnectionString, postgres, data, prefix, "replica-a"), sandboxes);
        await using var b = new ClusterApiHost(ClusterApiHost.Settings(servers.Redis.ConnectionString, postgres, data, prefix, "replica-b"), sandboxes);
        var httpA = a.CreateClient();
        var httpB = b.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await httpA.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await httpB.GetAsync("/readyz")).StatusCode);

        using var socket = await b.Server.CreateWebSocketClient().ConnectAsync(new Uri(b.Server.BaseAddress, "/ws?userId=dana"), CancellationToken.None);
        var submit = await httpA.PostAsJsonAsync("/api/submit",
            new { code = "a, b = map(int, input().split())\nprint(a + b)", language = "python3", problemId = "a-plus-b", userId = "dana" });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var id = (await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetGuid();

        // The verdict lands in PostgreSQL, readable from either replica.
        JsonElement document = default;
        await Eventually.HoldsAsync(async () =>
        {
            document = await httpB.GetFromJsonAsync<JsonElement>($"/api/submission/{id}");
            return document.GetProperty("status").GetString() == "Completed";
        }, TimeSpan.FromSeconds(60), "the submission completed");
        Assert.Equal("Accepted", document.GetProperty("verdict").GetProperty("status").GetString());
        Assert.Equal(3, document.GetProperty("testResults").GetArrayLength());

        // Replica B's WebSocket saw every update, in order, though replica A accepted the submission.
        var updates = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!updates.Contains("Completed"))
        {
            var message = await LiveSocket.ReceiveAsync(socket, timeout.Token);
            if (message.GetProperty("type").GetString() == "status_update")
            {
                var status = message.GetProperty("data");
                updates.Add(status.GetProperty("status").GetString() == "Running"
                    ? $"Running:{status.GetProperty("currentTest").GetInt32()}"
                    : status.GetProperty("status").GetString()!);
            }
        }
        Assert.Equal(["Queued", "Running:0", "Running:1", "Running:2", "Running:3", "Completed"], updates);

        // The operator fetches the suite the resource references, by hash, with the shared token only.
        var spec = Assert.Single(sandboxes.Specs);
        var suiteUri = $"/internal/problems/a-plus-b/tests/{spec.SuiteSha256}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await httpB.GetAsync(suiteUri)).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, suiteUri) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "guess") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await httpB.SendAsync(wrong)).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, suiteUri) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", ClusterApiHost.Token) } };
        var suite = await httpB.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, suite.StatusCode);
        var bytes = await suite.Content.ReadAsByteArrayAsync();
        Assert.Equal(spec.SuiteSha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var tests = JsonDocument.Parse(bytes).RootElement;
        Assert.True(tests.GetArrayLength() > 0);
        Assert.All(tests.EnumerateArray(), t =>
        {
            Assert.False(string.IsNullOrEmpty(t.GetProperty("name").GetString()));
            Assert.NotNull(t.GetProperty("input").GetString());
            Assert.NotNull(t.GetProperty("expectedOutput").GetString());
        });
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/internal/problems/a-plus-b/tests/{new string('0', 64)}")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", ClusterApiHost.Token) },
        };
        Assert.Equal(HttpStatusCode.NotFound, (await httpB.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task A_waiting_submission_reports_its_place_in_its_language_queue_and_readiness_follows_redis()
    {
        var postgres = await servers.Postgres.CreateUniqueDatabaseAsync("hostq");
        var data = Directory.CreateTempSubdirectory("letscode-cluster-host-").FullName;
        await using var redis = await RedisServer.StartAsync(); // this test stops it
        var noPods = new InMemorySandboxCluster(pods: 0, runTime: TimeSpan.FromMilliseconds(100));
        await using var host = new ClusterApiHost(ClusterApiHost.Settings(redis.ConnectionString, postgres, data, SharedServers.NewPrefix(), "replica-q"), noPods);
        var http = host.CreateClient();
        var ready = await http.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("ok", ready.GetProperty("checks").GetProperty("redis").GetString());
        Assert.Equal("ok", ready.GetProperty("checks").GetProperty("database").GetString());

        // No sandbox capacity: everything stays queued, in arrival order, in the python3 stream.
        var ids = new List<Guid>();
        foreach (var user in new[] { "ann", "bob", "cid" })
        {
            var submit = await http.PostAsJsonAsync("/api/submit",
                new { code = "print(1)", language = "python3", problemId = "a-plus-b", userId = user });
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
            ids.Add((await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetGuid());
        }
        for (var i = 0; i < ids.Count; i++)
        {
            var document = await http.GetFromJsonAsync<JsonElement>($"/api/submission/{ids[i]}");
            Assert.Equal("Queued", document.GetProperty("status").GetString());
            Assert.Equal(i + 1, document.GetProperty("queuePosition").GetInt32());
        }

        // Without Redis the replica leaves the Service; it comes back with Redis.
        await redis.KillAsync();
        await Eventually.HoldsAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(20), "readyz fails while Redis is down");
        var notReady = JsonDocument.Parse(await (await http.GetAsync("/readyz")).Content.ReadAsStringAsync()).RootElement;
        Assert.NotEqual("ok", notReady.GetProperty("checks").GetProperty("redis").GetString());
        Assert.Equal("ok", notReady.GetProperty("checks").GetProperty("database").GetString());
        await redis.StartAgainAsync();
        await Eventually.HoldsAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "readyz recovers with Redis");
    }
}
