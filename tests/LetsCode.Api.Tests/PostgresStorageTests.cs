using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Migrations;
using LetsCode.Api.Tests.Infrastructure;
using LetsCode.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LetsCode.Api.Tests;

/// <summary>The same model and API on PostgreSQL (a real server started by the fixture), as cluster mode uses it.</summary>
public sealed class PostgresStorageTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly TempDirectory data = new();

    [Fact]
    public async Task Postgres_migrations_match_the_model_and_are_idempotent()
    {
        var connectionString = await postgres.CreateUniqueDatabaseAsync("api-schema");
        var options = new DbContextOptionsBuilder<LetsCodeDbContext>().UseNpgsql(connectionString).Options;
        await using var db = new LetsCodeDbContext(options);
        var migrator = new SchemaMigrator(NullLogger<SchemaMigrator>.Instance);
        Assert.Equal(SchemaMigrations.All.Select(m => m.Id), await migrator.MigrateAsync(db, CancellationToken.None));
        Assert.Empty(await migrator.MigrateAsync(db, CancellationToken.None));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var columns = new List<string>();
            await using (var command = new NpgsqlCommand("SELECT column_name FROM information_schema.columns WHERE table_name = @t", connection))
            {
                command.Parameters.AddWithValue("t", table);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add(reader.GetString(0));
                }
            }
            var mapped = entity.GetProperties().Select(p => p.GetColumnName()).Order(StringComparer.Ordinal);
            Assert.Equal(mapped, columns.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task The_api_runs_unchanged_on_postgres_and_survives_a_restart()
    {
        var connectionString = await postgres.CreateUniqueDatabaseAsync("api-flow");
        var settings = new Dictionary<string, string?>
        {
            ["LetsCode:Storage"] = "Postgres",
            ["LetsCode:ConnectionString"] = connectionString,
        };
        var ids = new List<Guid>();
        await using (var host = new ApiHost(data.Path, new ScriptedJudge(), settings))
        {
            using var client = host.CreateClient();
            foreach (var verdict in new[] { "Accepted", "WrongAnswer", "CompilationError" })
            {
                ids.Add(await client.SubmitAsync($"#! verdict={verdict}", "python3", "a-plus-b", "pg"));
            }
            ids.Add(await client.SubmitAsync("#! delay=5000", "python3", "a-plus-b", "pg"));
            foreach (var id in ids.Take(3))
            {
                await client.WaitForVerdictAsync(id);
            }
        }

        await using (var host = new ApiHost(data.Path, new ScriptedJudge(), settings))
        {
            using var client = host.CreateClient();
            var verdicts = new List<string>();
            foreach (var id in ids)
            {
                var document = await client.WaitForVerdictAsync(id, TimeSpan.FromSeconds(60));
                verdicts.Add(document.Verdict!.Status);
                Assert.True(document.Verdict.Status != "InternalError", document.Verdict.Message);
            }
            Assert.Equal(["Accepted", "WrongAnswer", "CompilationError", "Accepted"], verdicts);
            var problems = await client.GetStringAsync("/api/problems");
            Assert.Contains("two-sum", problems, StringComparison.Ordinal);
        }
    }

    public void Dispose() => data.Dispose();
}
