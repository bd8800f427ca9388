using LetsCode.Redis.Connection;
using LetsCode.Redis.Protocol;

namespace LetsCode.Redis.PubSub;

/// <summary>
/// Owns the connection in subscribe mode (RESP2 allows nothing else on it). Keeps the set of channels and patterns
/// wanted, sends SUBSCRIBE/PSUBSCRIBE for them on every new socket, and fans incoming messages out to the
/// subscriptions.
/// </summary>
internal sealed class RedisSubscriber : IAsyncDisposable
{
    private const int BufferCapacity = 100_000;

    private readonly RedisOptions _options;
    private readonly ReconnectingConnection _connection;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<RedisSubscription>> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RedisSubscription>> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, string Name), List<TaskCompletionSource>> _confirmations = [];

    public RedisSubscriber(RedisOptions options)
    {
        _options = options;
        _connection = new ReconnectingConnection(options, "subscriber", OnPush, ResubscribeAsync);
    }

    public async Task<RedisSubscription> SubscribeAsync(
        string name, bool isPattern, Func<RedisMessage, CancellationToken, Task>? handler, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var subscription = new RedisSubscription(name, isPattern, BufferCapacity, UnsubscribeAsync);
        if (handler is not null)
        {
            subscription.Pump = Task.Run(() => PumpAsync(subscription, handler), CancellationToken.None);
        }

        var kind = isPattern ? "psubscribe" : "subscribe";
        bool first;
        Task confirmed;
        lock (_gate)
        {
            var table = isPattern ? _patterns : _channels;
            if (!table.TryGetValue(name, out var list))
            {
                table[name] = list = [];
            }

            list.Add(subscription);
            first = list.Count == 1;
            confirmed = first ? AwaitConfirmation(kind, name) : Task.CompletedTask;
        }

        if (first)
        {
            try
            {
                // If the socket is down this waits for it; the reconnect itself resubscribes everything wanted.
                await _connection.PostAsync([kind.ToUpperInvariant(), name], cancellationToken).ConfigureAwait(false);
                await confirmed.WaitAsync(_options.CommandTimeout + _options.ReconnectTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await subscription.DisposeAsync().ConfigureAwait(false);
                if (e is TimeoutException)
                {
                    throw new RedisTimeoutException($"Redis did not confirm {kind} to '{name}' in time.");
                }

                throw;
            }
        }

        return subscription;
    }

    private async ValueTask UnsubscribeAsync(RedisSubscription subscription)
    {
        bool last;
        lock (_gate)
        {
            var table = subscription.IsPattern ? _patterns : _channels;
            last = table.TryGetValue(subscription.Name, out var list) && list.Remove(subscription) && list.Count == 0;
            if (last)
            {
                table.Remove(subscription.Name);
            }
        }

        if (!last)
        {
            return;
        }

        try
        {
            var command = subscription.IsPattern ? "PUNSUBSCRIBE" : "UNSUBSCRIBE";
            var connection = await _connection.GetAsync(CancellationToken.None).ConfigureAwait(false);
            await connection.PostAsync([command, subscription.Name], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            // Nothing to undo: a new socket only subscribes to what is still wanted.
        }
    }

    private async Task ResubscribeAsync(RespConnection connection, CancellationToken cancellationToken)
    {
        List<object> channels = ["SUBSCRIBE"], patterns = ["PSUBSCRIBE"];
        var confirmations = new List<Task>();
        lock (_gate)
        {
            foreach (var name in _channels.Keys)
            {
                channels.Add(name);
                confirmations.Add(AwaitConfirmation("subscribe", name));
            }

            foreach (var name in _patterns.Keys)
            {
                patterns.Add(name);
                confirmations.Add(AwaitConfirmation("psubscribe", name));
            }
        }

        if (channels.Count > 1)
        {
            await connection.PostAsync(channels, cancellationToken).ConfigureAwait(false);
        }

        if (patterns.Count > 1)
        {
            await connection.PostAsync(patterns, cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(confirmations).WaitAsync(_options.CommandTimeout, cancellationToken).ConfigureAwait(false);
    }

    private Task AwaitConfirmation(string kind, string name)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (!_confirmations.TryGetValue((kind, name), out var waiters))
            {
                _confirmations[(kind, name)] = waiters = [];
            }

            waiters.Add(waiter);
        }

        return waiter.Task;
    }

    /// <summary>Runs on the socket's reader: must be quick, so it only routes into per-subscription buffers.</summary>
    private void OnPush(RespValue push)
    {
        var items = push.Type == RespType.Array ? push.AsArray()! : [];
        if (items.Length < 2 || items[0].Type is not (RespType.BulkString or RespType.SimpleString))
        {
            throw new RedisProtocolException($"Unexpected message on a subscriber connection: {push}");
        }

        var kind = items[0].AsString()!;
        switch (kind)
        {
            case "message" when items.Length == 3:
                Route(_channels, items[1].AsString()!, new RedisMessage(items[1].AsString()!, new RedisValue(items[2].AsBytes())));
                break;
            case "pmessage" when items.Length == 4:
                var pattern = items[1].AsString()!;
                Route(_patterns, pattern, new RedisMessage(items[2].AsString()!, new RedisValue(items[3].AsBytes()), pattern));
                break;
            case "subscribe" or "psubscribe":
                Confirm(kind, items[1].AsString()!);
                break;
            case "unsubscribe" or "punsubscribe" or "pong":
                break;
            default:
                throw new RedisProtocolException($"Unexpected message on a subscriber connection: {push}");
        }
    }

    private void Route(Dictionary<string, List<RedisSubscription>> table, string name, RedisMessage message)
    {
        lock (_gate)
        {
            if (table.TryGetValue(name, out var subscriptions))
            {
                foreach (var subscription in subscriptions)
                {
                    subscription.Deliver(message);
                }
            }
        }
    }

    private void Confirm(string kind, string name)
    {
        List<TaskCompletionSource>? waiters;
        lock (_gate)
        {
            _confirmations.Remove((kind, name), out waiters);
        }

        foreach (var waiter in waiters ?? [])
        {
            waiter.TrySetResult();
        }
    }

    private async Task PumpAsync(RedisSubscription subscription, Func<RedisMessage, CancellationToken, Task> handler)
    {
        await foreach (var message in subscription.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await handler(message, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _options.OnConnectionEvent?.Invoke(
                    new RedisConnectionEvent(RedisConnectionEventKind.HandlerFailed, "subscriber", _options.EndPoint, e));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<RedisSubscription> all;
        lock (_gate)
        {
            all = [.. _channels.Values.SelectMany(s => s), .. _patterns.Values.SelectMany(s => s)];
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        foreach (var subscription in all)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }
}
