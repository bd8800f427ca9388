using Microsoft.Extensions.DependencyInjection;
using LetsCode.Api.Cluster.Configuration;
using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Cluster.Live;
using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Cluster.Status;
using LetsCode.Api.Cluster.TestData;
using LetsCode.Api.Live;
using LetsCode.Redis;
using LetsCode.Redis.Connection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsCode.Api.Cluster.Tests.Infrastructure;

/// <summary>
/// One API replica's cluster machinery, wired by hand (no web host): its own Redis connection and consumer name,
/// the shared database, the queue, sweeper, dispatcher for one language, status recorder and live updates.
/// </summary>
public sealed class Replica : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> running = [];

    private Replica(string name, RedisClient redis, ClusterDatabase database, ClusterOptions options, InMemory.InMemorySandboxCluster sandboxes, string prefix)
    {
        Name = name;
        Redis = redis;
        Database = database;
        Options = options;
        Sandboxes = sandboxes;
        Keys = new RedisKeys(prefix);
        Queue = new RedisClusterQueue(redis, Keys, TimeProvider.System, options.ArrivalRetentionMinutes);
        Fanout = new LocalLiveFanout();
        Live = new RedisLiveUpdates(redis, Keys, Fanout);
        Relay = new LiveRelay(redis, Keys, Fanout, Completions, NullLogger<LiveRelay>.Instance);
        Preparer = new DispatchPreparer(database.Factory, new TestSuiteHashes(database.TestData), TimeProvider.System);
        Recorder = new StatusRecorder(database.Factory, Live, Completions, TimeProvider.System, NullLogger<StatusRecorder>.Instance);
        Sweeper = new QueueSweeper(database.Factory, Queue, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(options), NullLogger<QueueSweeper>.Instance);
    }

    public string Name { get; }
    public RedisClient Redis { get; }
    public ClusterDatabase Database { get; }
    public ClusterOptions Options { get; }
    public InMemory.InMemorySandboxCluster Sandboxes { get; }
    public RedisKeys Keys { get; }
    public RedisClusterQueue Queue { get; }
    public LocalLiveFanout Fanout { get; }
    public RedisLiveUpdates Live { get; }
    public LiveRelay Relay { get; }
    /// <summary>What wakes this replica's ?wait=true requests.</summary>
    public CompletionSignals Completions { get; } = new();
    public DispatchPreparer Preparer { get; }
    public StatusRecorder Recorder { get; }
    public QueueSweeper Sweeper { get; }

    public static async Task<Replica> StartAsync(
        string name, string redisConnection, ClusterDatabase database, InMemory.InMemorySandboxCluster sandboxes, string prefix,
        Action<ClusterOptions>? configure = null)
    {
        var options = new ClusterOptions
        {
            ConsumerName = name,
            ClaimIdleSeconds = 2,
            LeaseSeconds = 1,
            ReadBlockSeconds = 0.2,
            CapacityPollSeconds = 0.02,
            SweepGraceSeconds = 0,
            SweepIntervalSeconds = 0.5,
            InternalToken = "test-token",
        };
        configure?.Invoke(options);
        var redis = await RedisClient.ConnectAsync(RedisOptions.Parse(redisConnection) with { ReconnectTimeout = TimeSpan.FromSeconds(20) });
        var replica = new Replica(name, redis, database, options, sandboxes, prefix);
        await replica.Relay.StartAsync(CancellationToken.None);
        return replica;
    }

    public LanguageDispatcher CreateDispatcher(string language = "python3", ISubmissionResources? resources = null) => new(
        language, Queue, new DispatchLease(Redis, Keys, language, Options.Consumer, Options.Lease), Sandboxes, resources ?? Sandboxes, Preparer, Live,
        Options, TimeProvider.System, NullLogger.Instance);

    /// <summary>Runs the dispatcher of a language until the replica stops.</summary>
    public LanguageDispatcher RunDispatcher(string language = "python3", ISubmissionResources? resources = null)
    {
        var dispatcher = CreateDispatcher(language, resources);
        running.Add(Task.Run(() => dispatcher.RunAsync(stopping.Token)));
        return dispatcher;
    }

    /// <summary>Runs status sync (against this replica's view of the sandboxes) until the replica stops.</summary>
    public void RunStatusSync()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddSingleton<ISubmissionResources>(Sandboxes)
            .BuildServiceProvider();
        var sync = new StatusSync(services, Recorder, NullLogger<StatusSync>.Instance);
        running.Add(Task.Run(async () =>
        {
            await sync.StartAsync(stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                await sync.StopAsync(CancellationToken.None);
            }
        }));
    }

    /// <summary>Runs the sweeper loop until the replica stops.</summary>
    public void RunSweeper() => running.Add(Task.Run(async () =>
    {
        await Sweeper.StartAsync(stopping.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            await Sweeper.StopAsync(CancellationToken.None);
        }
    }));

    /// <summary>Stops everything as a crash would: no lease release, no acknowledgements.</summary>
    public async Task CrashAsync()
    {
        await Redis.DisposeAsync();
        await stopping.CancelAsync();
        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        await Relay.DisposeAsync();
        await Redis.DisposeAsync();
        stopping.Dispose();
    }
}
