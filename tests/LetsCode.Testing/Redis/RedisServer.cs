using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LetsCode.Testing.Processes;

namespace LetsCode.Testing.Redis;

/// <summary>
/// A real redis-server on a free loopback port with its own scratch directory. It can be killed and started again
/// on the same port (and directory, so an append-only file survives) to exercise reconnects and recovery.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly string[] _extraArgs;
    private readonly ScratchDirectory _scratch;
    private ServerProcess? _process;

    private RedisServer(int port, ScratchDirectory scratch, string[] extraArgs)
    {
        Port = port;
        _scratch = scratch;
        _extraArgs = extraArgs;
    }

    public int Port { get; }

    public string Directory => _scratch.Path;

    /// <summary>host:port, the form our RESP client and most Redis clients accept.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public bool IsRunning => _process is { HasExited: false };

    /// <param name="extraArgs">Further redis-server options, e.g. <c>--requirepass s3cret</c> or <c>--appendonly yes</c>.</param>
    public static async Task<RedisServer> StartAsync(params string[] extraArgs)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing; run scripts/setup.sh (Debian package redis-server).");
        }

        var server = new RedisServer(FreeLoopbackPort.Next(), ScratchDirectory.Create("redis"), extraArgs);
        try
        {
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts the process (again) on the same port and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        _process?.Dispose();
        List<string> args = ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Directory, "--daemonize", "no", "--enable-debug-command", "local"];
        if (!_extraArgs.Contains("--appendonly"))
        {
            // No persistence unless a test asks for it: a restarted server starts empty.
            args.AddRange(["--save", "", "--appendonly", "no"]);
        }

        var process = ServerProcess.Start(Binary, args.Concat(_extraArgs), Directory, RunAs.CurrentUser);
        _process = process;
        _scratch.RecordServer(process.Identity);

        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(await process.ExplainExitAsync($"redis-server exited with code {process.ExitCode} on port {Port}."));
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        throw new TimeoutException(process.Explain($"redis-server did not listen on port {Port} within {StartTimeout.TotalSeconds} s."));
    }

    /// <summary>SIGKILL: the server vanishes without closing sockets politely, like a crashed pod.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            await process.KillAsync();
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Kill, then start again on the same port and directory.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await StartAgainAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _scratch.Delete();
    }
}
