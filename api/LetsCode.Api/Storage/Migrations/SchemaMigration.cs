namespace LetsCode.Api.Storage.Migrations;

/// <summary>
/// One hand-written schema step with its DDL for each provider. EF's migration tooling (Microsoft.EntityFrameworkCore
/// .Design) cannot be restored here, so migrations are plain reviewed SQL, applied in order by SchemaMigrator and
/// recorded in the schema_migrations table. Never edit a released step: add a new one.
/// </summary>
public sealed record SchemaMigration(string Id, string Sqlite, string Postgres);
