using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LetsCode.Kubernetes.Simulator.Api;

/// <summary>
/// Watch: newline-delimited JSON events over a chunked 200 response. From resourceVersion N: the changes after N
/// (an ERROR event with a 410 Expired Status when N left the window); unset or "0": every current object as ADDED,
/// then changes; sendInitialEvents=true (watch-list, used by kubectl 1.35): the current objects as ADDED, then a
/// BOOKMARK annotated k8s.io/initial-events-end, then changes; sendInitialEvents=false: changes only. BOOKMARKs every <see cref="SimulatorOptions.BookmarkInterval"/> when allowWatchBookmarks is set,
/// a clean end after timeoutSeconds, and an abrupt connection abort on <see cref="FaultInjector.DropWatches"/>.
/// </summary>
internal sealed class WatchStreamer
{
    private readonly ObjectStore _store;
    private readonly TimeSpan _bookmarkInterval;

    public WatchStreamer(ObjectStore store, FaultInjector faults, TimeSpan bookmarkInterval)
    {
        _store = store;
        _bookmarkInterval = bookmarkInterval;
        faults.WatchesDropped += DropAll;
    }

    /// <summary>Open watches (for tests that wait until a client is watching).</summary>
    public int OpenCount
    {
        get { lock (_store.Gate) return _store.Watchers.Count; }
    }

    public async Task ServeAsync(HttpContext context, ResourceType type, string version, string? ns, ListQuery query)
    {
        var watcher = new Watcher(type, version, ns, query.Matches);
        if (query.SendInitialEvents is not null && query.ResourceVersionMatch != "NotOlderThan")
        {
            throw ApiException.Invalid("ListOptions.meta.k8s.io", "", type.Name,
                [FieldError.Forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]);
        }

        if (query.SendInitialEvents == true && !query.AllowBookmarks)
        {
            throw ApiException.Invalid("ListOptions.meta.k8s.io", "", type.Name,
                [FieldError.Forbidden("allowWatchBookmarks", "sendInitialEvents requires setting allowWatchBookmarks to true")]);
        }

        lock (_store.Gate)
        {
            if (query.SendInitialEvents == true)
            {
                // Watch-list: the current state as ADDED events, then a bookmark that marks the end of them.
                _store.WatchWithInitialState(watcher);
                watcher.SendBookmark(_store.ResourceVersion, initialEventsEnd: true);
            }
            else if (query.ResourceVersion is null or "0" && query.SendInitialEvents is null)
            {
                _store.WatchWithInitialState(watcher);
            }
            else
            {
                var from = query.ResourceVersion is null or "0" ? _store.ResourceVersion : long.Parse(query.ResourceVersion, CultureInfo.InvariantCulture);
                if (!_store.TryWatchFrom(watcher, from))
                {
                    watcher.SendError(ApiException.Expired(
                        $"too old resource version: {from} ({_store.OldestWatchable})").ToStatus());
                    watcher.Complete();
                }
            }
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);

        // The server's own timeout for watches without timeoutSeconds is 30 to 60 minutes; one hour here.
        using var timeout = new CancellationTokenSource(query.Timeout ?? TimeSpan.FromHours(1));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token, watcher.Dropped.Token);
        using var bookmarks = query.AllowBookmarks
            ? new Timer(_ => Bookmark(watcher), null, _bookmarkInterval, _bookmarkInterval)
            : null;
        try
        {
            await foreach (var frame in watcher.Events.ReadAllAsync(linked.Token).ConfigureAwait(false))
            {
                await context.Response.Body.WriteAsync(frame, linked.Token).ConfigureAwait(false);
                if (watcher.Events.Count == 0) await context.Response.Body.FlushAsync(linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            if (watcher.Dropped.IsCancellationRequested) context.Abort();
        }
        finally
        {
            lock (_store.Gate) _store.Unwatch(watcher);
            watcher.Dropped.Dispose();
        }
    }

    private void Bookmark(Watcher watcher)
    {
        lock (_store.Gate)
        {
            if (_store.Watchers.Contains(watcher)) watcher.SendBookmark(_store.ResourceVersion);
        }
    }

    private void DropAll()
    {
        List<Watcher> dropped;
        lock (_store.Gate)
        {
            dropped = _store.Watchers.ToList();
            foreach (var watcher in dropped) _store.Unwatch(watcher);
        }

        // Outside the lock: cancellation runs callbacks synchronously.
        foreach (var watcher in dropped)
        {
            try
            {
                watcher.Dropped.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // That watch ended meanwhile.
            }
        }
    }
}
