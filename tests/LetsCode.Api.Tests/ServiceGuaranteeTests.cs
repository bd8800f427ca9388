using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LetsCode.Api.Contracts;
using LetsCode.Api.Storage;
using LetsCode.Api.Tests.Infrastructure;
using LetsCode.Judge.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsCode.Api.Tests;

/// <summary>
/// The service's own guarantees, with a scripted judge for exact timing: every verdict is carried through the API
/// unchanged, live updates arrive in order, restarts lose nothing and judge nothing twice, a burst all completes.
/// </summary>
public sealed class ServiceGuaranteeTests : IDisposable
{
    private readonly TempDirectory data = new();

    [Fact]
    public async Task Every_verdict_travels_through_http_unchanged()
    {
        await using var host = new ApiHost(data.Path, new ScriptedJudge());
        using var client = host.CreateClient();
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            var id = await client.SubmitAsync($"#! verdict={verdict} failAt=2", "cpp", "a-plus-b");
            var document = await client.WaitForVerdictAsync(id);
            Assert.Equal(verdict.ToString(), document.Verdict!.Status);
            Assert.Equal(verdict == Verdict.InternalError ? "Failed" : "Completed", document.Status);
            if (verdict is Verdict.Accepted)
            {
                Assert.Equal(3, document.TestResults.Count);
                Assert.Equal(3, document.Verdict.Passed);
            }
            else if (verdict is not Verdict.CompilationError)
            {
                // A full submission stops at its first failure.
                Assert.Equal(2, document.TestResults.Count);
                Assert.Equal(verdict.ToString(), document.TestResults[1].Verdict);
                Assert.Null(document.TestResults[1].Stdout); // hidden test: no output shown
                Assert.NotNull(document.TestResults[0].Stdout); // sample test: shown
            }
            else
            {
                Assert.Empty(document.TestResults);
                Assert.Contains("error", document.Verdict.CompileOutput);
            }
        }
    }

    [Fact]
    public async Task Wait_true_answers_with_the_judged_document()
    {
        await using var host = new ApiHost(data.Path, new ScriptedJudge());
        using var client = host.CreateClient();
        var response = await client.PostAsJsonAsync("/api/submit?wait=true",
            new { code = "#! delay=50", language = "python3", problemId = "a-plus-b", userId = "w", isCustomTest = false });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = (await response.Content.ReadFromJsonAsync<SubmissionDocument>(HttpApi.Json))!;
        Assert.Equal(document.Id, document.SubmissionId);
        Assert.Equal("Completed", document.Status);
        Assert.Equal("Accepted", document.Verdict!.Status);
        Assert.Equal(3, document.TestResults.Count);

        // A custom test judges only the samples.
        var custom = await client.PostAsJsonAsync("/api/submit?wait=true",
            new { code = "x", language = "python3", problemId = "a-plus-b", userId = "w", isCustomTest = true });
        var run = (await custom.Content.ReadFromJsonAsync<SubmissionDocument>(HttpApi.Json))!;
        Assert.Equal(1, run.TotalTests);
        Assert.Equal("sample-1", Assert.Single(run.TestResults).Name);
    }

    [Fact]
    public async Task Queue_position_counts_the_submissions_ahead()
    {
        await using var host = new ApiHost(data.Path, new ScriptedJudge(), new Dictionary<string, string?> { ["LetsCode:Workers"] = "1" });
        using var client = host.CreateClient();
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await client.SubmitAsync("#! delay=300", "python3", "a-plus-b", $"user{i}"));
        }
        var last = await client.GetSubmissionAsync(ids[^1]);
        Assert.Equal("Queued", last.Status);
        Assert.InRange(last.QueuePosition!.Value, 2, 3); // the first is running (or about to), the last waits behind the rest
        // The contract's fields are present before they have a value: {id, status, verdict, testResults}.
        var raw = await client.GetFromJsonAsync<JsonElement>($"/api/submission/{ids[^1]}");
        Assert.Equal(JsonValueKind.Null, raw.GetProperty("verdict").ValueKind);
        Assert.Equal(JsonValueKind.Array, raw.GetProperty("testResults").ValueKind);
        Assert.True(raw.TryGetProperty("queuePosition", out _));
        Assert.False(raw.TryGetProperty("submissionId", out _)); // only the ?wait=true answer carries it
        foreach (var id in ids)
        {
            Assert.Equal("Accepted", (await client.WaitForVerdictAsync(id)).Verdict!.Status);
        }
    }

    [Fact]
    public async Task WebSocket_delivers_every_test_update_in_order()
    {
        await using var host = new ApiHost(data.Path, new ScriptedJudge());
        using var client = host.CreateClient();
        await using var live = await LiveClient.ConnectAsync(host.Server, "dana");
        await live.WaitUntilAsync(m => m.Any(x => (string?)x["type"] == "system_status"), TimeSpan.FromSeconds(5));

        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await client.SubmitAsync("#! delay=20", "python3", "a-plus-b", "dana"));
        }
        await live.WaitUntilAsync(
            m => ids.All(id => m.Any(x => (string?)x["data"]?["submissionId"] == id.ToString() && x["data"]?["verdict"] is not null)),
            TimeSpan.FromSeconds(20));

        foreach (var id in ids)
        {
            var updates = live.Of("status_update").Select(m => m["data"]!).Where(d => (string?)d["submissionId"] == id.ToString()).ToList();
            Assert.Equal(["Queued", "Running", "Running", "Running", "Running", "Completed"], updates.Select(u => (string)u["status"]!));
            Assert.Equal([0, 0, 1, 2, 3, 3], updates.Select(u => (int)u["currentTest"]!));
            Assert.Equal(["sample-1", "negative", "large"], updates.Where(u => u["testResult"] is not null).Select(u => (string)u["testResult"]!["name"]!));
            Assert.All(updates.Take(5), u => Assert.Null(u["verdict"]));
            Assert.Equal("Accepted", (string)updates[^1]["verdict"]!["status"]!);
        }

        // system_status keeps coming every 0.5 s here; once judging has happened its average is above zero.
        await live.WaitUntilAsync(m => m.Any(x => (string?)x["type"] == "system_status" && (double)x["data"]!["avgExecutionTime"]! > 0), TimeSpan.FromSeconds(10));
        var system = live.Of("system_status")[^1]["data"]!;
        Assert.NotNull(system["queueDepth"]);
        Assert.NotNull(system["activeWorkers"]);
    }

    [Fact]
    public async Task Restart_while_queued_and_running_ends_every_submission_with_exactly_one_verdict()
    {
        var first = new ScriptedJudge();
        var ids = new List<Guid>();
        await using (var host = new ApiHost(data.Path, first, new Dictionary<string, string?> { ["LetsCode:Workers"] = "2" }))
        {
            using var client = host.CreateClient();
            for (var i = 0; i < 8; i++)
            {
                ids.Add(await client.SubmitAsync($"#! delay=400 id={i}", "python3", "a-plus-b", $"r{i}"));
            }
            // Wait until some are mid-judge (tests recorded) while the rest are still queued, then stop the service.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (first.Running < 2 || (await client.GetSubmissionAsync(ids[0])).CurrentTest < 1)
            {
                Assert.True(DateTime.UtcNow < deadline, "judging did not start");
                await Task.Delay(20);
            }
        }

        var second = new ScriptedJudge();
        await using (var host = new ApiHost(data.Path, second, new Dictionary<string, string?> { ["LetsCode:Workers"] = "2" }))
        {
            using var client = host.CreateClient();
            foreach (var id in ids)
            {
                var document = await client.WaitForVerdictAsync(id, TimeSpan.FromSeconds(60));
                Assert.Equal("Accepted", document.Verdict!.Status);
                Assert.Equal(3, document.TestResults.Count); // only the final attempt's results, each test once
                Assert.Equal([0, 1, 2], document.TestResults.Select(t => t.Index));
            }

            // Interrupted ones were judged again from scratch; none was judged twice by the second process.
            Assert.All(second.JudgedSources.Values, n => Assert.Equal(1, n));
            using var scope = host.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<LetsCodeDbContext>();
            var rows = await db.Submissions.Where(s => ids.Contains(s.Id)).ToListAsync();
            Assert.All(rows, r => Assert.Equal("Accepted", r.Verdict));
            Assert.Contains(rows, r => r.Attempt == 2); // at least one was interrupted mid-judge
        }
    }

    [Fact]
    public async Task Two_hundred_concurrent_submissions_all_complete()
    {
        var judge = new ScriptedJudge();
        await using var host = new ApiHost(data.Path, judge, new Dictionary<string, string?> { ["LetsCode:Workers"] = "4" });
        using var client = host.CreateClient();
        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.SubmitAsync($"#! n={i}", "python3", "a-plus-b", $"c{i % 10}")));
        Assert.Equal(200, ids.Distinct().Count());
        foreach (var id in ids)
        {
            Assert.Equal("Accepted", (await client.WaitForVerdictAsync(id)).Verdict!.Status);
        }
        Assert.Equal(200, judge.JudgedSources.Count);
        Assert.All(judge.JudgedSources.Values, n => Assert.Equal(1, n));
    }

    public void Dispose() => data.Dispose();
}
