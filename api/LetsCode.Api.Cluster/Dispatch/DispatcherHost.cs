using LetsCode.Api.Cluster.Configuration;
using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Languages;
using LetsCode.Api.Live;
using LetsCode.Redis;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Cluster.Dispatch;

/// <summary>
/// Runs one <see cref="LanguageDispatcher"/> per language: the configured ones (Cluster:Languages), else every
/// language the API offers. The offer can change while running (cluster mode reads it from the WarmPools, which are
/// not even known until the informer has listed), so without a configured list it is re-read every few seconds and a
/// dispatcher is started for each new language. A dispatcher is never stopped: one whose pool went away sees no
/// capacity and waits, leaving its queue intact.
/// </summary>
public sealed class DispatcherHost(
    IServiceProvider services,
    IRedisClient redis,
    RedisKeys keys,
    IClusterQueue queue,
    DispatchPreparer preparer,
    ILiveUpdates live,
    ILanguageCatalog catalog,
    TimeProvider time,
    IOptions<ClusterOptions> options,
    ILoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan CatalogRefresh = TimeSpan.FromSeconds(2);

    private readonly Lock gate = new();
    private readonly List<LanguageDispatcher> dispatchers = [];

    public IReadOnlyList<LanguageDispatcher> Dispatchers
    {
        get
        {
            lock (gate)
            {
                return [.. dispatchers];
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var capacity = services.GetService<ISandboxCapacity>() ?? throw new InvalidOperationException(
            "Cluster mode needs an ISandboxCapacity (WarmPool status reader) registered before the host starts.");
        var resources = services.GetService<ISubmissionResources>() ?? throw new InvalidOperationException(
            "Cluster mode needs an ISubmissionResources (Submission custom resources client) registered before the host starts.");
        var logger = loggers.CreateLogger<LanguageDispatcher>();
        var running = new List<Task>();
        var started = new HashSet<string>(StringComparer.Ordinal);
        var fixedLanguages = settings.Languages.Length > 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var languages = fixedLanguages ? settings.Languages : catalog.Available.Select(l => l.Name).ToArray();
            foreach (var language in languages.Where(started.Add))
            {
                var lease = new DispatchLease(redis, keys, language, settings.Consumer, settings.Lease);
                var dispatcher = new LanguageDispatcher(language, queue, lease, capacity, resources, preparer, live, settings, time, logger);
                lock (gate)
                {
                    dispatchers.Add(dispatcher);
                }
                running.Add(Task.Run(() => dispatcher.RunAsync(stoppingToken), CancellationToken.None));
            }
            if (fixedLanguages)
            {
                break;
            }
            try
            {
                await Task.Delay(CatalogRefresh, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(running);
    }
}
