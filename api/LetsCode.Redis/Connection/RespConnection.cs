using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using LetsCode.Redis.Protocol;

namespace LetsCode.Redis.Connection;

/// <summary>
/// One TCP connection to the server. Any number of threads may send at once: commands go through a queue to a
/// single writer that batches whatever is waiting into one flush (pipelining), and a single reader matches replies
/// to commands in FIFO order. When the socket dies every command in flight fails with
/// <see cref="RedisConnectionException"/> and <see cref="Closed"/> completes; the connection is never reused.
/// </summary>
internal sealed class RespConnection : IAsyncDisposable
{
    private const int FlushThresholdBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly RespReader _parser = new();
    private readonly Channel<PendingCommand> _outbox =
        Channel.CreateUnbounded<PendingCommand>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    private readonly Queue<PendingCommand> _awaitingReply = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<RespValue>? _onPush;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _commandTimeout;
    private Task _loops = Task.CompletedTask;
    private long _flushStartedTicks;

    private RespConnection(Socket socket, string endPoint, string role, TimeSpan commandTimeout, Action<RespValue>? onPush)
    {
        _socket = socket;
        var stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(stream);
        _output = PipeWriter.Create(stream);
        EndPoint = endPoint;
        Role = role;
        _commandTimeout = commandTimeout;
        _onPush = onPush;
    }

    public string EndPoint { get; }

    public string Role { get; }

    /// <summary>Completes, with the reason, when the connection is gone for good.</summary>
    public Task<Exception> Closed => _closed.Task;

    public bool IsOpen => !_closed.Task.IsCompleted;

    /// <summary>Connects, starts the reader and writer, and runs AUTH / SELECT / CLIENT SETNAME.</summary>
    public static async Task<RespConnection> OpenAsync(
        RedisOptions options, string role, Action<RespValue>? onPush, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

        // A peer that vanished without a FIN/RST (a partitioned node) would otherwise look alive forever on an
        // idle subscriber socket; the kernel probes after 15 s idle and gives up after 3 missed probes 5 s apart.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 15);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when ((e is SocketException or OperationCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw e is SocketException
                ? new RedisConnectionException($"Cannot connect to Redis at {options.EndPoint}: {e.Message}", e)
                : new RedisConnectionException($"Connecting to Redis at {options.EndPoint} timed out after {options.ConnectTimeout.TotalMilliseconds} ms.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new RespConnection(socket, options.EndPoint, role, options.CommandTimeout, onPush);
        connection.Start();
        try
        {
            await connection.HandshakeAsync(options, timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw e as RedisConnectionException
                ?? new RedisConnectionException($"Handshake with Redis at {options.EndPoint} failed: {e.Message}", e);
        }
    }

    /// <summary>Sends a command and waits for its reply (an error reply is returned, not thrown).</summary>
    public Task<RespValue> SendAsync(IReadOnlyList<object> args, CancellationToken cancellationToken) =>
        SendAsync(args, _commandTimeout, cancellationToken);

    public async Task<RespValue> SendAsync(IReadOnlyList<object> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var command = Enqueue(args, timeout, expectsReply: true, cancellationToken);
        if (!cancellationToken.CanBeCanceled)
        {
            return await command.Task.ConfigureAwait(false);
        }

        using (cancellationToken.Register(static state => ((PendingCommand)state!).TrySetCanceled(), command))
        {
            return await command.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Writes a command whose answer arrives as a push message (subscriber connections).</summary>
    public Task PostAsync(IReadOnlyList<object> args, CancellationToken cancellationToken) =>
        Enqueue(args, _commandTimeout, expectsReply: false, cancellationToken).Task;

    private PendingCommand Enqueue(IReadOnlyList<object> args, TimeSpan timeout, bool expectsReply, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        RespWriter.WriteCommand(buffer, args);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var command = new PendingCommand(buffer.WrittenMemory, args[0].ToString() ?? "?", deadline, expectsReply, cancellationToken);
        if (!_outbox.Writer.TryWrite(command))
        {
            throw Lost(command, Closed.IsCompleted ? Closed.Result : null, sent: false);
        }

        return command;
    }

    private void Start()
    {
        _loops = Task.WhenAll(
            Task.Run(ReadLoopAsync),
            Task.Run(WriteLoopAsync),
            Task.Run(SweepTimeoutsAsync));
    }

    private async Task HandshakeAsync(RedisOptions options, CancellationToken cancellationToken)
    {
        if (options.Password is not null)
        {
            object[] auth = options.User is null ? ["AUTH", options.Password] : ["AUTH", options.User, options.Password];
            var reply = await SendAsync(auth, cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw new RedisConnectionException(
                    $"Redis at {EndPoint} refused the credentials: {reply.AsString()}",
                    new RedisServerException(reply.AsString()!));
            }
        }

        if (options.Database != 0)
        {
            (await SendAsync(["SELECT", options.Database], cancellationToken).ConfigureAwait(false)).ThrowIfError();
        }

        if (options.ClientName is not null)
        {
            (await SendAsync(["CLIENT", "SETNAME", options.ClientName], cancellationToken).ConfigureAwait(false)).ThrowIfError();
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            var reader = _outbox.Reader;
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                var unflushed = 0;
                while (reader.TryRead(out var command))
                {
                    if (!TryMarkSent(command))
                    {
                        continue;
                    }

                    _output.Write(command.Payload.Span);
                    unflushed += command.Payload.Length;
                    if (!command.ExpectsReply)
                    {
                        command.TrySetResult(RespValue.Null);
                    }

                    if (unflushed >= FlushThresholdBytes)
                    {
                        await FlushAsync().ConfigureAwait(false);
                        unflushed = 0;
                    }
                }

                await FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Close(e);
        }
        finally
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task FlushAsync()
    {
        Volatile.Write(ref _flushStartedTicks, Environment.TickCount64);
        var result = await _output.FlushAsync(_stopping.Token).ConfigureAwait(false);
        Volatile.Write(ref _flushStartedTicks, 0);
        if (result.IsCompleted)
        {
            throw new RedisConnectionException($"Redis at {EndPoint} stopped accepting data.");
        }
    }

    /// <summary>Moves a command into the reply queue unless it was abandoned before being written.</summary>
    private bool TryMarkSent(PendingCommand command)
    {
        if (command.Task.IsCompleted)
        {
            return false;
        }

        if (command.CancellationToken.IsCancellationRequested)
        {
            command.TrySetCanceled(command.CancellationToken);
            return false;
        }

        if (Environment.TickCount64 > command.DeadlineTicks)
        {
            command.TrySetException(new RedisTimeoutException(
                $"Redis command {command.Name} timed out before it could be sent to {EndPoint}."));
            return false;
        }

        lock (_gate)
        {
            if (_closed.Task.IsCompleted)
            {
                command.TrySetException(Lost(command, _closed.Task.Result, sent: false));
                return false;
            }

            if (command.ExpectsReply)
            {
                _awaitingReply.Enqueue(command);
            }
        }

        return true;
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_stopping.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (_parser.TryRead(ref buffer, out var reply))
                {
                    Dispatch(reply);
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    Close(new RedisConnectionException($"Redis at {EndPoint} closed the connection."));
                    return;
                }
            }
        }
        catch (Exception e)
        {
            Close(e);
        }
        finally
        {
            await _input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void Dispatch(RespValue reply)
    {
        PendingCommand? command;
        lock (_gate)
        {
            _awaitingReply.TryDequeue(out command);
        }

        if (command is not null)
        {
            command.TrySetResult(reply);
        }
        else if (_onPush is not null)
        {
            _onPush(reply);
        }
        else
        {
            throw new RedisProtocolException($"Redis at {EndPoint} sent a reply nobody asked for: {reply}");
        }
    }

    /// <summary>
    /// Fails callers whose reply is overdue (the command stays queued to absorb the late reply), and declares the
    /// connection dead when the server has not accepted our bytes for a whole command timeout.
    /// </summary>
    private async Task SweepTimeoutsAsync()
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_commandTimeout.TotalMilliseconds / 4, 10, 250));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                lock (_gate)
                {
                    foreach (var command in _awaitingReply)
                    {
                        if (now > command.DeadlineTicks && !command.Task.IsCompleted)
                        {
                            command.TrySetException(new RedisTimeoutException(
                                $"Redis command {command.Name} got no reply from {EndPoint} in time " +
                                $"({_awaitingReply.Count} commands awaiting replies on this connection)."));
                        }
                    }
                }

                var flushStarted = Volatile.Read(ref _flushStartedTicks);
                if (flushStarted != 0 && now - flushStarted > _commandTimeout.TotalMilliseconds)
                {
                    Close(new RedisConnectionException($"Redis at {EndPoint} has not read our data for {_commandTimeout.TotalMilliseconds} ms."));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Close(Exception reason)
    {
        List<PendingCommand> inFlight;
        lock (_gate)
        {
            if (_closed.Task.IsCompleted)
            {
                return;
            }

            if (reason is OperationCanceledException && _stopping.IsCancellationRequested)
            {
                reason = new RedisConnectionException($"The connection to Redis at {EndPoint} was closed by this client.");
            }

            _closed.TrySetResult(reason);
            inFlight = [.. _awaitingReply];
            _awaitingReply.Clear();
        }

        _outbox.Writer.TryComplete();
        foreach (var command in inFlight)
        {
            command.TrySetException(Lost(command, reason, sent: true));
        }

        while (_outbox.Reader.TryRead(out var unsent))
        {
            unsent.TrySetException(Lost(unsent, reason, sent: false));
        }

        _stopping.Cancel();
        _socket.Dispose();
    }

    private RedisConnectionException Lost(PendingCommand command, Exception? reason, bool sent)
    {
        var what = sent ? "was in flight (it may or may not have run)" : "was not sent";
        return new RedisConnectionException(
            $"Redis command {command.Name} {what}: connection to {EndPoint} lost: {reason?.Message ?? "closed"}", reason);
    }

    public async ValueTask DisposeAsync()
    {
        Close(new RedisConnectionException($"The connection to Redis at {EndPoint} was closed by this client."));
        await _loops.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
