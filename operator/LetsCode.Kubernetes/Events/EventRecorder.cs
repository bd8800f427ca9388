using System.Globalization;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsCode.Kubernetes.Events;

/// <summary>
/// Writes Events like client-go's recorder: the same (object, type, reason, message) seen again within
/// <see cref="AggregationWindow"/> increments count and lastTimestamp of the existing Event (a merge patch)
/// instead of creating another, so a reconcile loop that retries does not flood etcd. Failures are logged and
/// swallowed: an event is never worth failing a reconcile for.
/// </summary>
public sealed class EventRecorder : IEventRecorder
{
    private const int MaxRemembered = 4096;

    private readonly IResourceClient<Event> _events;
    private readonly string _component;
    private readonly string? _host;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Recorded> _recent = [];

    public EventRecorder(IResourceClient<Event> events, string component, string? host = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        _events = events;
        _component = component;
        _host = host;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EventRecorder>();
        _time = timeProvider ?? TimeProvider.System;
    }

    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(10);

    public async Task RecordAsync(IKubernetesObject involved, EventKind kind, string reason, string message, CancellationToken cancellationToken = default)
    {
        var @namespace = string.IsNullOrEmpty(involved.Metadata.Namespace) ? "default" : involved.Metadata.Namespace;
        var type = kind.ToString();
        var now = _time.GetUtcNow();
        var key = string.Join('\u0000', involved.Metadata.Uid, involved.Kind, @namespace, involved.Metadata.Name, type, reason, message);
        try
        {
            Recorded? previous;
            lock (_gate)
            {
                _recent.TryGetValue(key, out previous);
            }

            if (previous is not null && now - previous.LastSeen < AggregationWindow)
            {
                var count = previous.Count + 1;
                try
                {
                    await _events.PatchAsync(@namespace, previous.Name, new MergePatchBuilder()
                        .Set(["count"], count)
                        .Set(["lastTimestamp"], Format(now))
                        .Build(), cancellationToken).ConfigureAwait(false);
                    Remember(key, previous with { Count = count, LastSeen = now });
                    return;
                }
                catch (NotFoundException)
                {
                    // The event expired (events have a TTL, an hour by default): record a fresh one.
                }
            }

            var created = await _events.CreateAsync(new Event
            {
                Metadata = new ObjectMeta
                {
                    // client-go's naming: the object's name and a unique suffix from the time.
                    Name = $"{involved.Metadata.Name}.{now.UtcTicks.ToString("x", CultureInfo.InvariantCulture)}",
                    Namespace = @namespace,
                },
                InvolvedObject = new ObjectReference
                {
                    ApiVersion = involved.ApiVersion,
                    Kind = involved.Kind,
                    Namespace = involved.Metadata.Namespace,
                    Name = involved.Metadata.Name,
                    Uid = involved.Metadata.Uid,
                    ResourceVersion = involved.Metadata.ResourceVersion,
                },
                Type = type,
                Reason = reason,
                Message = message.Length > 1024 ? message[..1024] : message,
                Count = 1,
                FirstTimestamp = now,
                LastTimestamp = now,
                Source = new EventSource { Component = _component, Host = _host },
                ReportingComponent = _component,
                ReportingInstance = _host,
            }, cancellationToken).ConfigureAwait(false);
            Remember(key, new Recorded(created.Metadata.Name!, 1, now));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not record event {Reason} on {Kind} {Name}", reason, involved.Kind, involved.Metadata.Name);
        }
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private void Remember(string key, Recorded recorded)
    {
        lock (_gate)
        {
            if (_recent.Count >= MaxRemembered && !_recent.ContainsKey(key))
            {
                // Bounded memory: forgetting only costs a new Event instead of a count increment.
                _recent.Clear();
            }

            _recent[key] = recorded;
        }
    }

    private sealed record Recorded(string Name, int Count, DateTimeOffset LastSeen);
}
