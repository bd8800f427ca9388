using System.Buffers;
using System.Security.Cryptography;
using LetsCode.Api.Storage;
using Npgsql;
using NpgsqlTypes;

namespace LetsCode.Api.Cluster.TestData;

/// <summary>
/// Test data shared by every replica of a cluster: content-addressed blobs (lowercase hex SHA-256, as the file store)
/// kept in PostgreSQL as fixed-size bytea chunks (tables of migration 0002_test_data_blobs).
/// <para>
/// A put streams the content in chunks, hashing as it goes, inside one transaction: the chunks go in under a fresh
/// content id, and the blob row that names them is inserted last. So a blob is visible only when complete, identical
/// content is stored once (the losing writer deletes its own chunks, and waits for a concurrent writer of the same
/// hash on the unique key, so both succeed), and a failed, oversized or crashed put leaves nothing behind: the chunks'
/// foreign key is checked at commit, so no committed chunk lacks its blob row and there are no orphan chunks to
/// collect. The price is one connection and an open transaction per upload in progress, bounded by the upload size
/// limit.
/// </para>
/// <para>
/// The blob row's <c>created_at</c> is when its content was last stored: a put of content already stored sets it
/// again, in the same statement that finds the row (<c>ON CONFLICT DO UPDATE</c>, which locks it). Collection deletes
/// a row only where <c>created_at</c> is still before its cutoff, in one statement that also removes the chunks (their
/// foreign key cascades), so a put and a delete of the same blob serialise on its row: either the put refreshed it
/// first and the delete skips it, or the delete went first and the put stores the content anew.
/// </para>
/// <para>
/// Plain Npgsql over its own <see cref="NpgsqlDataSource"/> rather than EF's connection: the store is a singleton
/// used outside request scopes (start-up seeding, dispatch), a put must not join a caller's DbContext transaction nor
/// be replayed by EF's retrying execution strategy (the request body it consumed cannot be read twice), and chunks
/// are read with sequential access straight into one buffer, which EF does not expose.
/// </para>
/// </summary>
public sealed class PostgresTestDataStore : ITestDataStore, IDisposable, IAsyncDisposable
{
    /// <summary>Large enough that a row's overhead is negligible, small enough that a reader holds little.</summary>
    public const int ChunkBytes = 1024 * 1024;

    private readonly NpgsqlDataSource dataSource;

    public PostgresTestDataStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public async Task<StoredBlob> PutAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var contentId = Guid.CreateVersion7();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            // Disposing without a commit rolls back: every exit but the publishing one keeps nothing.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var insertChunk = new NpgsqlCommand(
                "INSERT INTO test_data_chunks (content_id, seq, data) VALUES ($1, $2, $3)", connection, transaction);
            var seqParameter = new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer };
            var dataParameter = new NpgsqlParameter<ReadOnlyMemory<byte>> { NpgsqlDbType = NpgsqlDbType.Bytea };
            insertChunk.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = contentId });
            insertChunk.Parameters.Add(seqParameter);
            insertChunk.Parameters.Add(dataParameter);

            long total = 0;
            for (var seq = 0; ; seq++)
            {
                var filled = 0;
                int read;
                while (filled < ChunkBytes && (read = await content.ReadAsync(buffer.AsMemory(filled, ChunkBytes - filled), cancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new TestDataTooLargeException(maxBytes);
                    }
                    hash.AppendData(buffer, filled, read);
                    filled += read;
                }
                if (filled > 0)
                {
                    seqParameter.TypedValue = seq;
                    dataParameter.TypedValue = buffer.AsMemory(0, filled);
                    await insertChunk.ExecuteNonQueryAsync(cancellationToken);
                }
                if (filled < ChunkBytes)
                {
                    break;
                }
            }

            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            await using var publish = new NpgsqlCommand(
                """
                INSERT INTO test_data_blobs (sha256, content_id, bytes, created_at) VALUES ($1, $2, $3, clock_timestamp())
                ON CONFLICT (sha256) DO UPDATE SET created_at = EXCLUDED.created_at
                RETURNING content_id
                """,
                connection, transaction)
            {
                Parameters =
                {
                    new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = sha256 },
                    new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = contentId },
                    new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = total },
                },
            };
            var published = (Guid)(await publish.ExecuteScalarAsync(cancellationToken))!;
            if (published != contentId)
            {
                // Already stored (or just committed by a concurrent writer this insert waited for): drop our copy, and
                // commit the refreshed stored time (a rollback would undo it).
                await using var drop = new NpgsqlCommand("DELETE FROM test_data_chunks WHERE content_id = $1", connection, transaction)
                {
                    Parameters = { new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = contentId } },
                };
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return new StoredBlob(sha256, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Looks the blob up now (synchronously, as the interface asks: one indexed row) and returns a stream that fetches
    /// its chunks one at a time as it is read, holding no connection between reads.
    /// </summary>
    public Stream? OpenRead(string sha256)
    {
        if (!IsHash(sha256))
        {
            return null;
        }
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT content_id, bytes FROM test_data_blobs WHERE sha256 = $1", connection)
        {
            Parameters = { new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = sha256 } },
        };
        using var reader = command.ExecuteReader();
        return reader.Read() ? new PostgresBlobReadStream(dataSource, reader.GetGuid(0), reader.GetInt64(1)) : null;
    }

    public bool Exists(string sha256)
    {
        if (!IsHash(sha256))
        {
            return false;
        }
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM test_data_blobs WHERE sha256 = $1)", connection)
        {
            Parameters = { new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = sha256 } },
        };
        return (bool)command.ExecuteScalar()!;
    }

    public async Task<IReadOnlyList<ListedBlob>> ListStoredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT sha256, bytes, created_at FROM test_data_blobs WHERE created_at < $1", connection)
        {
            Parameters = { new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = cutoff.ToUniversalTime() } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var listed = new List<ListedBlob>();
        while (await reader.ReadAsync(cancellationToken))
        {
            listed.Add(new ListedBlob(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return listed;
    }

    /// <summary>One statement, so one transaction: the row goes, and its chunks with it (ON DELETE CASCADE).</summary>
    public async Task<bool> DeleteIfStoredBeforeAsync(string sha256, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (!IsHash(sha256))
        {
            return false;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM test_data_blobs WHERE sha256 = $1 AND created_at < $2", connection)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = sha256 },
                new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = cutoff.ToUniversalTime() },
            },
        };
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Nothing to remove: a put is one transaction whose chunks' foreign key is checked at commit, so the chunks of a
    /// put that never finished were never committed.
    /// </summary>
    public Task<long> RemoveAbandonedWritesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => Task.FromResult(0L);

    public void Dispose() => dataSource.Dispose();

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    // Same rule as FileTestDataStore: anything else cannot name a blob (and never reaches a query).
    private static bool IsHash(string value) =>
        value is { Length: 64 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
