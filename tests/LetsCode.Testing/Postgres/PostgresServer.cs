using System.Globalization;
using LetsCode.Testing.Processes;
using Npgsql;

namespace LetsCode.Testing.Postgres;

/// <summary>
/// A real PostgreSQL server in a scratch data directory on a free loopback port, tuned for tests (no fsync, small
/// buffers) and reachable with trust authentication from 127.0.0.1 only. PostgreSQL refuses to run as root, so when
/// the tests run as root, initdb and the server run as the <c>postgres</c> system user (created by the Debian
/// package), which owns the scratch directory. It can be stopped, crashed and started again on the same port and
/// data directory to exercise recovery.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string SystemUser = "postgres";
    public const string SuperUser = "postgres";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly PostgresBinaries _binaries;
    private readonly ScratchDirectory _scratch;
    private readonly RunAs _runAs;
    private readonly bool _durableCommits;
    private ServerProcess? _process;

    private PostgresServer(PostgresBinaries binaries, ScratchDirectory scratch, RunAs runAs, int port, bool durableCommits)
    {
        _binaries = binaries;
        _scratch = scratch;
        _runAs = runAs;
        Port = port;
        _durableCommits = durableCommits;
    }

    public int Port { get; }

    /// <summary>The scratch directory: holds <see cref="DataDirectory"/> and the unix socket.</summary>
    public string Directory => _scratch.Path;

    public string DataDirectory => Path.Combine(_scratch.Path, "data");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Runs initdb into a fresh scratch directory and starts the server.</summary>
    /// <param name="durableCommits">
    /// False (the fast default): <c>synchronous_commit=off</c>, so a commit returns before its WAL record leaves
    /// PostgreSQL's memory and <see cref="CrashAsync"/> may lose the last few hundred milliseconds of commits.
    /// True: <c>synchronous_commit=on</c>, so every acknowledged commit survives <see cref="CrashAsync"/> (the WAL
    /// reaches the OS page cache; with <c>fsync=off</c> it is not flushed to disk, which only a machine crash
    /// would expose). Use it for tests asserting that nothing accepted is lost across a database crash.
    /// </param>
    public static async Task<PostgresServer> StartAsync(bool durableCommits = false)
    {
        var binaries = PostgresBinaries.Locate();
        var runAs = RunAs.UserWhenRoot(SystemUser);
        var server = new PostgresServer(binaries, ScratchDirectory.Create("postgres"), runAs, FreeLoopbackPort.Next(), durableCommits);
        try
        {
            await server.InitializeDataDirectoryAsync();
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Database = database,
        }.ConnectionString;

    /// <summary>
    /// Creates <paramref name="name"/> (dropping an earlier database of that name first, so every caller gets an
    /// empty one) and returns its connection string.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        DatabaseName.Validate(name);
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync(cancellationToken);
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", $"CREATE DATABASE \"{name}\"" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return ConnectionString(name);
    }

    /// <summary>Starts the server (again) on the same port and data directory and waits until it answers queries.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("PostgreSQL is already running.");
        }

        _process?.Dispose();
        var process = ServerProcess.Start(_binaries.Postgres, ServerArguments(), Directory, _runAs);
        _process = process;
        _scratch.RecordServer(process.Identity);
        await WaitUntilReadyAsync(process);
    }

    /// <summary>A clean ("fast") shutdown: sessions are disconnected, a checkpoint is written.</summary>
    public Task StopAsync() => ShutDownAsync("fast");

    /// <summary>
    /// An "immediate" shutdown: every server process quits at once without a checkpoint, as after a crash, so the
    /// next start replays the write-ahead log. Only servers started with <c>durableCommits</c> keep every
    /// acknowledged commit.
    /// </summary>
    public Task CrashAsync() => ShutDownAsync("immediate");

    /// <summary>Stop (fast), then start again on the same port and data directory.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAgainAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ShutDownAsync("immediate");
        }
        finally
        {
            _scratch.Delete();
        }
    }

    private async Task InitializeDataDirectoryAsync()
    {
        if (_runAs.UserName is { } user)
        {
            await ServerProcess.RunAsync("/bin/chown", [$"{user}:{user}", Directory], Directory, RunAs.CurrentUser, CommandTimeout);
        }

        await ServerProcess.RunAsync(
            _binaries.InitDb,
            ["-D", DataDirectory, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
            Directory,
            _runAs,
            CommandTimeout);

        // Trust on 127.0.0.1 and the private unix socket only; initdb's defaults would also admit ::1.
        await File.WriteAllTextAsync(
            Path.Combine(DataDirectory, "pg_hba.conf"),
            """
            # Written by LetsCode.Testing: a throw-away test server.
            local all all               trust
            host  all all 127.0.0.1/32  trust

            """);
    }

    private IEnumerable<string> ServerArguments()
    {
        string[] settings =
        [
            "listen_addresses=127.0.0.1",
            $"port={Port.ToString(CultureInfo.InvariantCulture)}",
            $"unix_socket_directories={Directory}",
            // Speed over durability against machine crashes; see StartAsync for what a server crash keeps.
            "fsync=off",
            _durableCommits ? "synchronous_commit=on" : "synchronous_commit=off",
            "full_page_writes=off",
            "shared_buffers=16MB",
            "max_connections=100",
            "jit=off",
            "log_min_messages=warning",
        ];
        List<string> args = ["-D", DataDirectory];
        foreach (var setting in settings)
        {
            args.AddRange(["-c", setting]);
        }

        return args;
    }

    private async Task WaitUntilReadyAsync(ServerProcess process)
    {
        var probe = new NpgsqlConnectionStringBuilder(AdminConnectionString()) { Timeout = 2 }.ConnectionString;
        var deadline = DateTime.UtcNow + StartTimeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(await process.ExplainExitAsync($"PostgreSQL exited with code {process.ExitCode} on port {Port}."));
            }

            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // Not listening yet, or "the database system is starting up" during recovery.
                last = e;
                await Task.Delay(50);
            }
        }

        throw new TimeoutException(process.Explain($"PostgreSQL did not answer on port {Port} within {StartTimeout.TotalSeconds} s (last error: {last?.Message})."));
    }

    private async Task ShutDownAsync(string mode)
    {
        if (_process is not { } process)
        {
            return;
        }

        if (!process.HasExited)
        {
            try
            {
                await ServerProcess.RunAsync(
                    _binaries.PgCtl, ["stop", "-D", DataDirectory, "-m", mode, "-w", "-t", "30"], Directory, _runAs, CommandTimeout);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                // pg_ctl could not stop it: a SIGKILL to the whole process tree always does.
                await process.KillAsync();
            }
        }

        await process.WaitForExitAsync();
        process.Dispose();
        _process = null;
    }

    /// <summary>No pooling: fixture housekeeping must not leave idle sessions that outlive a restart.</summary>
    private string AdminConnectionString() =>
        new NpgsqlConnectionStringBuilder(ConnectionString()) { Pooling = false }.ConnectionString;
}
