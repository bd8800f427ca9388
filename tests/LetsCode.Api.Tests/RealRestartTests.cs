using LetsCode.Api.Storage;
using LetsCode.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsCode.Api.Tests;

/// <summary>Restart safety with the real judge: sandboxed runs are interrupted by the stop and judged again after.</summary>
[Collection(RealJudgeCollection.Name)]
public sealed class RealRestartTests(RealJudgeHost fixture) : IDisposable
{
    private readonly TempDirectory data = new();

    [Fact]
    public async Task Stopping_mid_judge_and_starting_again_gives_every_submission_one_verdict()
    {
        const string slow = "import time\ntime.sleep(0.25)\na, b = map(int, input().split())\nprint(a + b)\n";
        var ids = new List<Guid>();
        await using (var first = fixture.CreateHost(data.Path))
        {
            using var client = first.CreateClient();
            for (var i = 0; i < 6; i++)
            {
                ids.Add(await client.SubmitAsync(slow, "python3", "a-plus-b", $"restart{i}"));
            }
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((await client.GetSubmissionAsync(ids[0])).CurrentTest < 1)
            {
                Assert.True(DateTime.UtcNow < deadline, "judging did not start");
                await Task.Delay(20);
            }
            var states = await Task.WhenAll(ids.Select(client.GetSubmissionAsync));
            Assert.Contains(states, s => s.Status == "Running");
            Assert.Contains(states, s => s.Status == "Queued");
        }

        await using var second = fixture.CreateHost(data.Path);
        using var again = second.CreateClient();
        foreach (var id in ids)
        {
            var document = await again.WaitForVerdictAsync(id, TimeSpan.FromSeconds(90));
            Assert.True(document.Verdict!.Status == "Accepted", System.Text.Json.JsonSerializer.Serialize(document, HttpApi.Json));
            Assert.Equal([0, 1, 2], document.TestResults.Select(t => t.Index));
        }
        using var scope = second.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LetsCodeDbContext>();
        var rows = await db.Submissions.Where(s => ids.Contains(s.Id)).ToListAsync();
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal("Completed", r.Status.ToString()));
        Assert.Contains(rows, r => r.Attempt == 2);
    }

    public void Dispose() => data.Dispose();
}
