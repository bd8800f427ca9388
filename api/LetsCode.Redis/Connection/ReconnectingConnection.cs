using LetsCode.Redis.Protocol;

namespace LetsCode.Redis.Connection;

/// <summary>
/// Keeps one live <see cref="RespConnection"/> to the server: a supervisor loop opens it, waits for it to die, and
/// opens the next one after a jittered backoff. Commands in flight on a dying socket fail (the socket decides);
/// commands issued while it is down wait for the next socket up to <see cref="RedisOptions.ReconnectTimeout"/>.
/// </summary>
internal sealed class ReconnectingConnection : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly string _role;
    private readonly Action<RespValue>? _onPush;
    private readonly Func<RespConnection, CancellationToken, Task>? _onConnected;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _supervisor;
    private TaskCompletionSource<RespConnection> _current = NewSlot();
    private Exception? _lastError;

    /// <param name="onPush">Receives replies nobody is waiting for (pub/sub messages).</param>
    /// <param name="onConnected">Runs on each new socket before commands may use it (e.g. resubscribing).</param>
    public ReconnectingConnection(
        RedisOptions options,
        string role,
        Action<RespValue>? onPush = null,
        Func<RespConnection, CancellationToken, Task>? onConnected = null)
    {
        _options = options;
        _role = role;
        _onPush = onPush;
        _onConnected = onConnected;
        _supervisor = Task.Run(SuperviseAsync);
    }

    /// <summary>Completes with the first connection (or faults/cancels with <paramref name="cancellationToken"/>).</summary>
    public async Task WaitUntilConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Volatile.Read(ref _current).Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw NoConnection(timeout);
        }
    }

    public async Task<RespValue> SendAsync(IReadOnlyList<object> args, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var connection = await GetAsync(cancellationToken).ConfigureAwait(false);
        return await connection.SendAsync(args, timeout ?? _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
    }

    public async Task PostAsync(IReadOnlyList<object> args, CancellationToken cancellationToken)
    {
        var connection = await GetAsync(cancellationToken).ConfigureAwait(false);
        await connection.PostAsync(args, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True while a socket is up and ready (for readiness probes; a command may still race a failure).</summary>
    public bool IsConnected
    {
        get
        {
            var slot = Volatile.Read(ref _current).Task;
            return slot.IsCompletedSuccessfully && slot.Result.IsOpen;
        }
    }

    public ValueTask<RespConnection> GetAsync(CancellationToken cancellationToken)
    {
        var slot = Volatile.Read(ref _current).Task;
        return slot.IsCompletedSuccessfully && slot.Result.IsOpen
            ? ValueTask.FromResult(slot.Result)
            : new ValueTask<RespConnection>(WaitForConnectionAsync(cancellationToken));
    }

    private async Task<RespConnection> WaitForConnectionAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.ReconnectTimeout;
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw NoConnection(_options.ReconnectTimeout);
            }

            var slot = Volatile.Read(ref _current).Task;
            try
            {
                var connection = await slot.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
                if (connection.IsOpen)
                {
                    return connection;
                }
            }
            catch (TimeoutException)
            {
                throw NoConnection(_options.ReconnectTimeout);
            }

            // The socket died and the supervisor has not swapped in a fresh slot yet: that takes microseconds.
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SuperviseAsync()
    {
        var backoff = new ReconnectBackoff(_options.ReconnectBaseDelay, _options.ReconnectMaxDelay, new Random());
        var token = _disposing.Token;
        while (!token.IsCancellationRequested)
        {
            RespConnection? connection = null;
            try
            {
                connection = await RespConnection.OpenAsync(_options, _role, _onPush, token).ConfigureAwait(false);
                if (_onConnected is not null)
                {
                    await _onConnected(connection, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                await DisposeQuietlyAsync(connection).ConfigureAwait(false);
                break;
            }
            catch (Exception e)
            {
                await DisposeQuietlyAsync(connection).ConfigureAwait(false);
                _lastError = e;
                Report(RedisConnectionEventKind.ConnectAttemptFailed, e);
                if (!await DelayAsync(backoff.Next(), token).ConfigureAwait(false))
                {
                    break;
                }

                continue;
            }

            backoff.Reset();
            Report(RedisConnectionEventKind.Connected, null);
            Volatile.Read(ref _current).TrySetResult(connection);
            var reason = await connection.Closed.WaitAsync(token).ContinueWith(
                t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default).ConfigureAwait(false);
            if (token.IsCancellationRequested)
            {
                await DisposeQuietlyAsync(connection).ConfigureAwait(false);
                break;
            }

            _lastError = reason;
            Volatile.Write(ref _current, NewSlot());
            Report(RedisConnectionEventKind.ConnectionLost, reason);
            await DisposeQuietlyAsync(connection).ConfigureAwait(false);
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task DisposeQuietlyAsync(RespConnection? connection)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Report(RedisConnectionEventKind kind, Exception? error) =>
        _options.OnConnectionEvent?.Invoke(new RedisConnectionEvent(kind, _role, _options.EndPoint, error));

    private RedisConnectionException NoConnection(TimeSpan waited) =>
        new($"No connection to Redis at {_options.EndPoint} ({_role}) within {waited.TotalMilliseconds} ms" +
            (_lastError is null ? "." : $"; last error: {_lastError.Message}"), _lastError);

    private static TaskCompletionSource<RespConnection> NewSlot() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        _disposing.Cancel();
        await _supervisor.ConfigureAwait(false);
        var slot = Volatile.Read(ref _current);
        if (!slot.TrySetException(new ObjectDisposedException(nameof(ReconnectingConnection))) && slot.Task.IsCompletedSuccessfully)
        {
            await slot.Task.Result.DisposeAsync().ConfigureAwait(false);
        }

        _disposing.Dispose();
    }
}
