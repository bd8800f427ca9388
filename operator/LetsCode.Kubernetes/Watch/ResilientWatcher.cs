using System.Diagnostics;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Diagnostics;
using LetsCode.Kubernetes.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsCode.Kubernetes.Watch;

/// <summary>
/// List, then watch from the list's resourceVersion, forever: a watch the server ends is resumed from the last
/// seen resourceVersion (bookmarks keep it fresh); a broken one is logged, counted and resumed after a jittered
/// backoff; a 410 Gone (the version was compacted away) triggers a fresh list. It only stops when cancelled, the
/// opposite of the KubeOps bug where a watch died silently and the operator stopped seeing changes.
/// </summary>
public sealed class ResilientWatcher<T>
    where T : class, IKubernetesObject
{
    private readonly IResourceClient<T> _client;
    private readonly ResilientWatchOptions _options;
    private readonly KubernetesMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Random _random;

    public ResilientWatcher(
        IResourceClient<T> client,
        ResilientWatchOptions? options = null,
        KubernetesMetrics? metrics = null,
        ILogger? logger = null,
        TimeProvider? timeProvider = null,
        Random? random = null)
    {
        _client = client;
        _options = options ?? new ResilientWatchOptions();
        _metrics = metrics ?? new KubernetesMetrics();
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _random = random ?? Random.Shared;
    }

    /// <summary>The resourceVersion the next watch resumes from.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>How many lists have been done (1 + relists after 410).</summary>
    public int ListCount { get; private set; }

    public async Task RunAsync(IWatchSink<T> sink, CancellationToken cancellationToken)
    {
        var kind = _client.Type.Descriptor.Kind;
        var backoff = new ExponentialBackoff(_options.InitialBackoff, _options.MaxBackoff, random: _random);
        var needList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            var receivedEvents = false;
            try
            {
                if (needList)
                {
                    var (items, version) = await _client.ListAllAsync(_options.Namespace,
                        new ListOptions { LabelSelector = _options.LabelSelector, FieldSelector = _options.FieldSelector },
                        _options.ListPageSize, cancellationToken).ConfigureAwait(false);
                    ResourceVersion = version;
                    ListCount++;
                    sink.Replace(items, version);
                    needList = false;
                    backoff.Reset();
                }

                var timeout = (int)(_options.MinWatchTimeout.TotalSeconds * (1 + _random.NextDouble()));
                var watchOptions = new WatchOptions
                {
                    ResourceVersion = ResourceVersion,
                    LabelSelector = _options.LabelSelector,
                    FieldSelector = _options.FieldSelector,
                    AllowWatchBookmarks = true,
                    TimeoutSeconds = Math.Max(1, timeout),
                };
                using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                watchdog.CancelAfter(TimeSpan.FromSeconds(watchOptions.TimeoutSeconds.Value) + _options.StallGrace);
                await foreach (var watchEvent in _client.WatchAsync(_options.Namespace, watchOptions, watchdog.Token).ConfigureAwait(false))
                {
                    receivedEvents = true;
                    _metrics.RecordWatchEvent(kind, watchEvent.Type.ToString());
                    if (watchEvent.Object?.Metadata.ResourceVersion is { Length: > 0 } version)
                    {
                        ResourceVersion = version;
                    }

                    if (watchEvent.Type != WatchEventType.Bookmark)
                    {
                        sink.Apply(watchEvent);
                    }

                    backoff.Reset();
                }

                // The server ended the watch (its timeout, or a graceful shutdown): resume from where we are. A watch
                // that ends at once without events gets the backoff, so a misbehaving server is not hammered.
                if (!receivedEvents && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(1))
                {
                    await Task.Delay(backoff.Next(), _time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException) when (!needList)
            {
                // Our watchdog, not the caller: the server never ended a watch it was asked to end.
                _metrics.RecordWatchRestart(kind, "stalled");
                _logger.LogWarning("Watch of {Kind} outlived its timeout; presumed stalled, resuming from resourceVersion {Version}",
                    kind, ResourceVersion);
            }
            catch (GoneException e)
            {
                _metrics.RecordWatchRestart(kind, "gone");
                _logger.LogInformation("Watch of {Kind} from resourceVersion {Version} expired ({Message}); relisting",
                    kind, ResourceVersion, e.Status.Message);
                needList = true;
                if (backoff.Failures > 0)
                {
                    // Repeated 410s right after a list: do not spin.
                    await DelayQuietlyAsync(backoff.Next(), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    backoff.Next();
                }
            }
            catch (Exception e)
            {
                var delay = backoff.Next();
                _metrics.RecordWatchRestart(kind, "error");
                _logger.LogWarning(e, "{Operation} of {Kind} failed; retrying from resourceVersion {Version} in {Delay}",
                    needList ? "List" : "Watch", kind, ResourceVersion, delay);
                await DelayQuietlyAsync(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop condition sees the cancellation.
        }
    }
}
