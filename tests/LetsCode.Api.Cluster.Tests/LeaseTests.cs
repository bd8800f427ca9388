using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Api.Cluster.Tests.InMemory;
using LetsCode.Api.Storage.Entities;
using LetsCode.Redis;
using Microsoft.EntityFrameworkCore;

namespace LetsCode.Api.Cluster.Tests;

[Collection(SharedServersCollection.Name)]
public sealed class LeaseTests(SharedServers servers)
{
    [Fact]
    public async Task One_replica_holds_a_language_until_it_releases_or_goes_silent()
    {
        await using var redis = await RedisClient.ConnectAsync(servers.Redis.ConnectionString);
        var keys = new RedisKeys(SharedServers.NewPrefix());
        // The TTL leaves a wide margin over each pause: test projects run in parallel on two cores, and a
        // renewal that arrives late would fail the test for the scheduler's sake, not the lease's.
        var ttl = TimeSpan.FromSeconds(2);
        var a = new DispatchLease(redis, keys, "python3", "replica-a", ttl);
        var b = new DispatchLease(redis, keys, "python3", "replica-b", ttl);
        var otherLanguage = new DispatchLease(redis, keys, "cpp", "replica-b", ttl);

        Assert.True(await a.TryHoldAsync(CancellationToken.None));
        Assert.False(await b.TryHoldAsync(CancellationToken.None));
        Assert.True(await otherLanguage.TryHoldAsync(CancellationToken.None));
        for (var i = 0; i < 4; i++) // 4 x 600 ms outlasts one TTL
        {
            await Task.Delay(600);
            Assert.True(await a.TryHoldAsync(CancellationToken.None)); // renewing keeps it past its TTL
            Assert.False(await b.TryHoldAsync(CancellationToken.None));
        }

        await a.ReleaseAsync(CancellationToken.None);
        Assert.True(await b.TryHoldAsync(CancellationToken.None));
        await a.ReleaseAsync(CancellationToken.None); // releasing someone else's lease does nothing
        Assert.False(await a.TryHoldAsync(CancellationToken.None));

        await Task.Delay(ttl + TimeSpan.FromMilliseconds(500)); // b goes silent
        Assert.True(await a.TryHoldAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_submission_whose_problem_is_gone_fails_with_a_message_instead_of_blocking_the_queue()
    {
        using var database = await servers.CreateDatabaseAsync("reject");
        var sandboxes = new InMemorySandboxCluster(pods: 1, runTime: TimeSpan.FromMilliseconds(10));
        await using var replica = await Replica.StartAsync("replica-a", servers.Redis.ConnectionString, database, sandboxes, SharedServers.NewPrefix());
        var rows = await database.AddQueuedAsync(2);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            await db.Submissions.Where(s => s.Id == rows[0].Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.ProblemId, "deleted-problem"));
        }
        foreach (var r in rows)
        {
            await replica.Queue.EnqueueAsync(new QueuedSubmission(r.Id, r.Language, r.QueuedAt), countArrival: true, CancellationToken.None);
        }

        replica.RunDispatcher();
        await Eventually.HoldsAsync(() => Task.FromResult(sandboxes.Created == 1), TimeSpan.FromSeconds(20), "the valid submission dispatched");
        var failed = (await database.SubmissionsAsync()).Single(s => s.Id == rows[0].Id);
        Assert.Equal(SubmissionStatus.Failed, failed.Status);
        Assert.Equal("InternalError", failed.Verdict);
        Assert.Contains("deleted-problem", failed.Message);
        Assert.Equal(ResourceNames.For(rows[1].Id), Assert.Single(sandboxes.Specs).Name);
        await Eventually.HoldsAsync(async () => await replica.Queue.DepthAsync("python3", CancellationToken.None) == 0,
            TimeSpan.FromSeconds(10), "both entries acknowledged");
    }
}
