using System.Collections.Concurrent;
using LetsCode.Redis.Protocol;

namespace LetsCode.Redis.Connection;

/// <summary>
/// Connections for blocking commands (XREADGROUP BLOCK, BLPOP). A blocking command holds its socket until the
/// server answers, so each call rents a socket of its own and never stalls the multiplexed pipeline. A call that is
/// cancelled or fails drops its socket, since the server may still be blocking on it.
/// </summary>
internal sealed class BlockingConnectionPool : IAsyncDisposable
{
    private const string Role = "blocking";
    private readonly RedisOptions _options;
    private readonly ConcurrentStack<RespConnection> _idle = new();
    private readonly ConcurrentDictionary<RespConnection, byte> _busy = new();
    private readonly CancellationTokenSource _disposing = new();

    public BlockingConnectionPool(RedisOptions options)
    {
        _options = options;
    }

    /// <param name="blockTime">How long the server may block; added to the command timeout.</param>
    public async Task<RespValue> SendAsync(IReadOnlyList<object> args, TimeSpan blockTime, CancellationToken cancellationToken)
    {
        var connection = await RentAsync(cancellationToken).ConfigureAwait(false);
        _busy.TryAdd(connection, 0);
        var reusable = false;
        try
        {
            var reply = await connection.SendAsync(args, blockTime + _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            reusable = true;
            return reply;
        }
        finally
        {
            _busy.TryRemove(connection, out _);
            if (reusable && connection.IsOpen && !_disposing.IsCancellationRequested && _idle.Count < _options.MaxIdleBlockingConnections)
            {
                _idle.Push(connection);
            }
            else
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<RespConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
        while (_idle.TryPop(out var idle))
        {
            if (idle.IsOpen)
            {
                return idle;
            }

            await idle.DisposeAsync().ConfigureAwait(false);
        }

        var deadline = DateTime.UtcNow + _options.ReconnectTimeout;
        var backoff = new ReconnectBackoff(_options.ReconnectBaseDelay, _options.ReconnectMaxDelay, new Random());
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        while (true)
        {
            try
            {
                return await RespConnection.OpenAsync(_options, Role, onPush: null, linked.Token).ConfigureAwait(false);
            }
            catch (RedisConnectionException e)
            {
                _options.OnConnectionEvent?.Invoke(new RedisConnectionEvent(RedisConnectionEventKind.ConnectAttemptFailed, Role, _options.EndPoint, e));
                var pause = backoff.Next();
                if (DateTime.UtcNow + pause > deadline)
                {
                    throw new RedisConnectionException(
                        $"No connection to Redis at {_options.EndPoint} ({Role}) within {_options.ReconnectTimeout.TotalMilliseconds} ms; last error: {e.Message}", e);
                }

                await Task.Delay(pause, linked.Token).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposing.Cancel();
        foreach (var busy in _busy.Keys)
        {
            // Fails the blocked caller with RedisConnectionException instead of leaving it blocked past disposal.
            await busy.DisposeAsync().ConfigureAwait(false);
        }

        while (_idle.TryPop(out var idle))
        {
            await idle.DisposeAsync().ConfigureAwait(false);
        }
    }
}
