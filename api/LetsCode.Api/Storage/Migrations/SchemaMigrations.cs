namespace LetsCode.Api.Storage.Migrations;

/// <summary>The ordered list of every schema step (ids sort in application order).</summary>
public static class SchemaMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } = [M0001InitialSchema.Migration, M0002TestDataBlobs.Migration];
}
