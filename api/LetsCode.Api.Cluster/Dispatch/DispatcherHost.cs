using LetsCode.Api.Cluster.Configuration;
using LetsCode.Api.Cluster.Queue;
using LetsCode.Api.Languages;
using LetsCode.Api.Live;
using LetsCode.Redis;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Cluster.Dispatch;

/// <summary>Runs one <see cref="LanguageDispatcher"/> per language (configured, else every language the API offers).</summary>
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
    private readonly List<LanguageDispatcher> dispatchers = [];

    public IReadOnlyList<LanguageDispatcher> Dispatchers => dispatchers;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var capacity = services.GetService<ISandboxCapacity>() ?? throw new InvalidOperationException(
            "Cluster mode needs an ISandboxCapacity (WarmPool status reader) registered before the host starts.");
        var resources = services.GetService<ISubmissionResources>() ?? throw new InvalidOperationException(
            "Cluster mode needs an ISubmissionResources (Submission custom resources client) registered before the host starts.");
        var languages = settings.Languages.Length > 0 ? settings.Languages : catalog.Available.Select(l => l.Name).ToArray();
        var logger = loggers.CreateLogger<LanguageDispatcher>();
        foreach (var language in languages.Distinct(StringComparer.Ordinal))
        {
            var lease = new DispatchLease(redis, keys, language, settings.Consumer, settings.Lease);
            dispatchers.Add(new LanguageDispatcher(language, queue, lease, capacity, resources, preparer, live, settings, time, logger));
        }
        return Task.WhenAll(dispatchers.Select(d => Task.Run(() => d.RunAsync(stoppingToken), CancellationToken.None)));
    }
}
