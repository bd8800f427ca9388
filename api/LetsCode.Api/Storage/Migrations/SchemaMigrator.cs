using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace LetsCode.Api.Storage.Migrations;

/// <summary>
/// Applies every SchemaMigration not yet recorded in schema_migrations, each in its own transaction. On PostgreSQL
/// an advisory lock serialises replicas starting at the same time (cluster mode).
/// </summary>
public sealed class SchemaMigrator(ILogger<SchemaMigrator> logger)
{
    // Arbitrary constant naming "LetsCode schema" for pg_advisory_lock.
    private const long AdvisoryLockKey = 0x4C657473436F6465;

    public async Task<IReadOnlyList<string>> MigrateAsync(LetsCodeDbContext db, CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
            }
            else
            {
                // WAL lets readers (GET, queue position) proceed while a worker writes results.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
            }

            await ExecuteAsync(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_migrations (id varchar(128) NOT NULL PRIMARY KEY, applied_at bigint NOT NULL)",
                cancellationToken);
            var applied = await AppliedAsync(connection, cancellationToken);
            var newlyApplied = new List<string>();
            foreach (var migration in SchemaMigrations.All.Where(m => !applied.Contains(m.Id)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, postgres ? migration.Postgres : migration.Sqlite, cancellationToken);
                await using (var record = connection.CreateCommand())
                {
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO schema_migrations (id, applied_at) VALUES (@id, @at)";
                    AddParameter(record, "@id", migration.Id);
                    AddParameter(record, "@at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied schema migration {Migration}", migration.Id);
                newlyApplied.Add(migration.Id);
            }

            if (postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", cancellationToken);
            }
            return newlyApplied;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<HashSet<string>> AppliedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM schema_migrations";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
