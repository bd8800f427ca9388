using LetsCode.Operator.Tests.Support;

namespace LetsCode.Operator.Tests.Integration;

public sealed class LeaderElectionTests
{
    /// <summary>Two replicas: one reconciles, the other waits warm; when the leader stops, the other takes over.</summary>
    [Fact]
    public async Task Two_replicas_one_leads_and_the_other_takes_over_when_it_stops()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        var first = env.NewOperator();
        var second = env.NewOperator();
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();
        var runFirst = first.RunAsync(stopFirst.Token);
        var runSecond = second.RunAsync(stopSecond.Token);
        try
        {
            await OperatorEnvironment.WaitUntilAsync(() => Task.FromResult(first.IsLeader || second.IsLeader), TimeSpan.FromSeconds(20), () => "nobody leads");
            await Task.Delay(1000);
            Assert.True(first.IsLeader ^ second.IsLeader, "exactly one replica leads");
            var (leader, standby, stopLeader, runLeader) = first.IsLeader ? (first, second, stopFirst, runFirst) : (second, first, stopSecond, runSecond);

            await env.CreatePoolAsync(min: 1, max: 3);
            await env.CreateSubmissionAsync(OperatorEnvironment.CorrectPython, "before");
            Assert.Equal("Accepted", (await env.WaitFinishedAsync("before")).Status!.Verdict);
            Assert.True(standby.IsSynced, "the standby keeps its caches warm");

            await stopLeader.CancelAsync();
            await runLeader.WaitAsync(TimeSpan.FromSeconds(30));
            await OperatorEnvironment.WaitUntilAsync(() => Task.FromResult(standby.IsLeader), TimeSpan.FromSeconds(20), () => "the standby did not take over");
            await env.CreateSubmissionAsync(OperatorEnvironment.WrongPython, "after");
            Assert.Equal("WrongAnswer", (await env.WaitFinishedAsync("after")).Status!.Verdict);
        }
        finally
        {
            await stopFirst.CancelAsync();
            await stopSecond.CancelAsync();
            await Task.WhenAll(runFirst, runSecond).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
