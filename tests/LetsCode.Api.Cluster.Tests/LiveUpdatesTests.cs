using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Api.Cluster.Tests.InMemory;
using LetsCode.Api.Contracts;
using LetsCode.Api.Live;

namespace LetsCode.Api.Cluster.Tests;

[Collection(SharedServersCollection.Name)]
public sealed class LiveUpdatesTests(SharedServers servers)
{
    [Fact]
    public async Task Updates_published_on_any_replica_reach_a_subscriber_on_another_in_order()
    {
        using var database = await servers.CreateDatabaseAsync("live");
        var prefix = SharedServers.NewPrefix();
        var sandboxes = new InMemorySandboxCluster(1, TimeSpan.Zero);
        await using var a = await Replica.StartAsync("replica-a", servers.Redis.ConnectionString, database, sandboxes, prefix);
        await using var b = await Replica.StartAsync("replica-b", servers.Redis.ConnectionString, database, sandboxes, prefix);
        await using var c = await Replica.StartAsync("replica-c", servers.Redis.ConnectionString, database, sandboxes, prefix);
        using var bob = c.Live.Subscribe("bob");
        using var eve = c.Live.Subscribe("eve");

        // One submission's progress published alternately by two replicas (intake on one, status sync on another).
        var submission = Guid.CreateVersion7();
        // Replica c's ?wait=true request for the submission: woken by the verdict another replica publishes.
        var waiting = c.Completions.WhenSignalledAsync(submission);
        const int Tests = 100;
        for (var i = 1; i <= Tests; i++)
        {
            var publisher = i % 2 == 0 ? a : b;
            var test = new TestResultDocument { Index = i - 1, Name = $"{i}", Verdict = "Accepted", TimeMs = i };
            await publisher.Live.PublishAsync("bob", LiveMessage.Status(new StatusUpdateData(submission, "Running", i, Tests, test, null)), CancellationToken.None);
        }
        await a.Live.PublishAsync("bob", LiveMessage.Status(new StatusUpdateData(submission, "Completed", Tests, Tests, null,
            new VerdictDocument { Status = "Accepted", Passed = Tests, Total = Tests })), CancellationToken.None);

        var received = new List<StatusUpdateData>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (received.Count < Tests + 1)
        {
            var message = await bob.Messages.ReadAsync(timeout.Token);
            Assert.Equal(LiveMessage.StatusUpdate, message.Type);
            received.Add(Assert.IsType<StatusUpdateData>(message.Data));
        }
        Assert.Equal(Enumerable.Range(1, Tests).Append(Tests), received.Select(r => r.CurrentTest));
        Assert.All(received.Take(Tests), (r, i) => Assert.Equal(i + 1, r.TestResult!.TimeMs));
        Assert.Equal("Accepted", received[^1].Verdict!.Status);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(eve.Messages.TryRead(out _)); // another user's connection sees none of it

        // A replica's own subscribers get its updates through Redis too, exactly once.
        using var local = a.Live.Subscribe("carol");
        var other = Guid.CreateVersion7();
        await a.Live.PublishAsync("carol", LiveMessage.Status(new StatusUpdateData(other, "Queued", 0, 0, null, null)), CancellationToken.None);
        var only = await local.Messages.ReadAsync(timeout.Token);
        Assert.Equal(other, Assert.IsType<StatusUpdateData>(only.Data).SubmissionId);
        await Task.Delay(200);
        Assert.False(local.Messages.TryRead(out _));
    }

    [Fact]
    public async Task The_status_recorder_publishes_each_test_and_the_verdict_once_across_replicas()
    {
        using var database = await servers.CreateDatabaseAsync("live-sync");
        var prefix = SharedServers.NewPrefix();
        var sandboxes = new InMemorySandboxCluster(pods: 2, runTime: TimeSpan.FromMilliseconds(20));
        await using var a = await Replica.StartAsync("replica-a", servers.Redis.ConnectionString, database, sandboxes, prefix);
        await using var b = await Replica.StartAsync("replica-b", servers.Redis.ConnectionString, database, sandboxes, prefix);
        using var watcher = b.Live.Subscribe("alice");
        a.RunStatusSync();
        b.RunStatusSync();
        a.RunDispatcher();
        var row = (await database.AddQueuedAsync(1))[0];
        await a.Queue.EnqueueAsync(new Queue.QueuedSubmission(row.Id, row.Language, row.QueuedAt), countArrival: true, CancellationToken.None);

        var statuses = new List<StatusUpdateData>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (statuses.LastOrDefault()?.Verdict is null)
        {
            statuses.Add((StatusUpdateData)(await watcher.Messages.ReadAsync(timeout.Token)).Data);
        }
        Assert.Equal(["Running:0", "Running:1", "Running:2", "Completed:2"], statuses.Select(s => $"{s.Status}:{s.CurrentTest}"));
        await Task.Delay(300);
        Assert.False(watcher.Messages.TryRead(out _));
    }
}
