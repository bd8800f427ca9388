using Xunit;

namespace LetsCode.Testing.Postgres;

/// <summary>
/// One PostgreSQL server shared by a test class (<c>IClassFixture&lt;PostgresServerFixture&gt;</c>). Each test or
/// test class creates its own database (<see cref="CreateDatabaseAsync"/>); a test that stops or crashes the server
/// should own a <see cref="PostgresServer"/> of its own instead.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture is not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A new, empty database; returns its Npgsql connection string.</summary>
    public Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        Server.CreateDatabaseAsync(name, cancellationToken);

    /// <summary>A new, empty database with a unique name derived from <paramref name="hint"/>.</summary>
    public Task<string> CreateUniqueDatabaseAsync(string hint, CancellationToken cancellationToken = default) =>
        Server.CreateDatabaseAsync(DatabaseName.Unique(hint), cancellationToken);
}
