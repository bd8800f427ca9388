namespace LetsCode.Api.Storage.Migrations;

/// <summary>
/// Test data blobs inside the database, so every replica of a cluster reads what any replica stored (the cluster's
/// PostgresTestDataStore; embedded mode keeps blobs as files). A blob is a row in test_data_blobs (its SHA-256 and
/// length) and its content in fixed-size chunks of test_data_chunks, keyed by a content id that the writer picks
/// before it knows the hash. The chunks' foreign key is checked at commit, so a writer streams chunks first and
/// publishes the blob row last, in one transaction.
/// SQLite gets the same tables although nothing uses them there: one schema and one history for both providers, and
/// no "provider-only step" special case in the migrator.
/// </summary>
internal static class M0002TestDataBlobs
{
    public static SchemaMigration Migration { get; } = new("0002_test_data_blobs", Sqlite, Postgres);

    private const string Sqlite = """
        CREATE TABLE test_data_blobs (
            sha256 TEXT NOT NULL PRIMARY KEY,
            content_id TEXT NOT NULL UNIQUE,
            bytes INTEGER NOT NULL,
            created_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000)
        );
        CREATE TABLE test_data_chunks (
            content_id TEXT NOT NULL
                REFERENCES test_data_blobs (content_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            seq INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (content_id, seq)
        );
        """;

    private const string Postgres = """
        CREATE TABLE test_data_blobs (
            sha256 varchar(64) NOT NULL PRIMARY KEY,
            content_id uuid NOT NULL UNIQUE,
            bytes bigint NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE test_data_chunks (
            content_id uuid NOT NULL
                REFERENCES test_data_blobs (content_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            seq integer NOT NULL,
            data bytea NOT NULL,
            PRIMARY KEY (content_id, seq)
        );
        """;
}
