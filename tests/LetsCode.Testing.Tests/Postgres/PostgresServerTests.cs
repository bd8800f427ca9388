using System.Diagnostics;
using LetsCode.Testing.Postgres;
using Npgsql;
using Xunit.Abstractions;

namespace LetsCode.Testing.Tests.Postgres;

/// <summary>Each test owns a server it stops or crashes; the shared-fixture shape is covered separately.</summary>
public sealed class PostgresServerTests
{
    private readonly ITestOutputHelper _output;

    public PostgresServerTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Keeps_data_across_a_clean_restart_on_the_same_port()
    {
        var clock = Stopwatch.StartNew();
        await using var server = await PostgresServer.StartAsync();
        _output.WriteLine($"initdb + start: {clock.ElapsedMilliseconds} ms");
        var connectionString = await server.CreateDatabaseAsync("restart_test");
        Assert.Contains($"Port={server.Port}", connectionString, StringComparison.Ordinal);
        Assert.Contains("Database=restart_test", connectionString, StringComparison.Ordinal);

        await ExecuteAsync(connectionString, "CREATE TABLE submissions (id int PRIMARY KEY, verdict text NOT NULL)");
        await ExecuteAsync(connectionString, "INSERT INTO submissions VALUES (1, 'Accepted'), (2, 'WrongAnswer')");

        clock.Restart();
        await server.RestartAsync();
        _output.WriteLine($"fast stop + start: {clock.ElapsedMilliseconds} ms");

        var port = server.Port;
        Assert.Equal(port, server.Port);
        Assert.Equal("WrongAnswer", await ScalarAsync<string>(connectionString, "SELECT verdict FROM submissions WHERE id = 2"));
    }

    [Fact]
    public async Task With_durable_commits_a_crash_keeps_every_acknowledged_commit()
    {
        await using var server = await PostgresServer.StartAsync(durableCommits: true);
        var connectionString = await server.CreateDatabaseAsync("crash_test");
        await ExecuteAsync(connectionString, "CREATE TABLE queue (id int PRIMARY KEY)");
        await ExecuteAsync(connectionString, "INSERT INTO queue SELECT generate_series(1, 1000)");

        var clock = Stopwatch.StartNew();
        await server.CrashAsync();
        Assert.False(server.IsRunning);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<long>(connectionString, "SELECT 1"));

        await server.StartAgainAsync();
        _output.WriteLine($"crash + recovery start: {clock.ElapsedMilliseconds} ms");
        Assert.Equal(1000L, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM queue"));
    }

    [Fact]
    public async Task Runs_as_the_postgres_user_on_loopback_with_the_fast_settings()
    {
        await using var server = await PostgresServer.StartAsync();
        var connectionString = server.ConnectionString();

        Assert.Equal("127.0.0.1", await ScalarAsync<string>(connectionString, "SHOW listen_addresses"));
        Assert.Equal("off", await ScalarAsync<string>(connectionString, "SHOW fsync"));
        Assert.Equal("off", await ScalarAsync<string>(connectionString, "SHOW synchronous_commit"));
        Assert.Equal("off", await ScalarAsync<string>(connectionString, "SHOW full_page_writes"));
        Assert.StartsWith("15.", await ScalarAsync<string>(connectionString, "SHOW server_version"), StringComparison.Ordinal);

        // The backend serving us is a process of the server: PostgreSQL would refuse to run as root. The connection
        // stays open while /proc is read, since the backend exits with it.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backendPid = (int)(await command.ExecuteScalarAsync())!;
        var uid = File.ReadLines($"/proc/{backendPid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1];
        Assert.NotEqual("0", uid);
    }

    [Fact]
    public async Task Create_database_gives_an_empty_database_each_time_and_rejects_unsafe_names()
    {
        await using var server = await PostgresServer.StartAsync();
        var first = await server.CreateDatabaseAsync("reused");
        await ExecuteAsync(first, "CREATE TABLE leftover (x int)");

        var second = await server.CreateDatabaseAsync("reused");

        Assert.Equal(first, second);
        Assert.Equal(0L, await ScalarAsync<long>(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'leftover'"));
        await Assert.ThrowsAsync<ArgumentException>(() => server.CreateDatabaseAsync("x\"; DROP DATABASE postgres; --"));
        await Assert.ThrowsAsync<ArgumentException>(() => server.CreateDatabaseAsync("postgres"));
    }

    [Fact]
    public async Task Dispose_stops_the_server_and_removes_its_directory()
    {
        var server = await PostgresServer.StartAsync();
        var directory = server.Directory;
        var connectionString = server.ConnectionString();

        await server.DisposeAsync();

        Assert.False(Directory.Exists(directory));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(connectionString, "SELECT 1"));
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        // No pooling: a pooled connection opened before a restart would be dead, which is not what these tests probe.
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
