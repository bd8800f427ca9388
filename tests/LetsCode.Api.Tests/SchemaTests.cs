using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsCode.Api.Tests;

/// <summary>The hand-written migrations create exactly what the EF model maps to, and apply once.</summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task Sqlite_migrations_match_the_model_and_are_idempotent()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var options = new DbContextOptionsBuilder<LetsCodeDbContext>().UseSqlite(connection).Options;
        await using var db = new LetsCodeDbContext(options);
        var migrator = new SchemaMigrator(NullLogger<SchemaMigrator>.Instance);

        Assert.Equal(SchemaMigrations.All.Select(m => m.Id), await migrator.MigrateAsync(db, CancellationToken.None));
        Assert.Empty(await migrator.MigrateAsync(db, CancellationToken.None));

        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var columns = new HashSet<string>(StringComparer.Ordinal);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT name, \"notnull\" FROM pragma_table_info('{table}')";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add(reader.GetString(0));
                }
            }
            Assert.True(columns.Count > 0, $"table {table} is missing");
            var mapped = entity.GetProperties().Select(p => p.GetColumnName()).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(mapped.Order(StringComparer.Ordinal), columns.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_migration_has_sql_for_both_providers()
    {
        Assert.Equal(SchemaMigrations.All.Select(m => m.Id).Order(StringComparer.Ordinal), SchemaMigrations.All.Select(m => m.Id));
        Assert.All(SchemaMigrations.All, m =>
        {
            Assert.Contains("CREATE TABLE", m.Sqlite, StringComparison.Ordinal);
            Assert.Contains("CREATE TABLE", m.Postgres, StringComparison.Ordinal);
        });
    }
}
