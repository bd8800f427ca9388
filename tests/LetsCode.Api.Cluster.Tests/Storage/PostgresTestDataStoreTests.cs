using System.Security.Cryptography;
using System.Text;
using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Api.Cluster.TestData;
using LetsCode.Api.Storage;
using Npgsql;

namespace LetsCode.Api.Cluster.Tests.Storage;

/// <summary>
/// The shared test-data store on a real PostgreSQL (schema by the service's migrator). Two store instances over one
/// database stand for two replicas: each has its own connection pool, as separate processes would.
/// </summary>
[Collection(SharedServersCollection.Name)]
public sealed class PostgresTestDataStoreTests(SharedServers servers)
{
    private const int Chunk = PostgresTestDataStore.ChunkBytes;

    [Fact]
    public async Task A_multi_chunk_blob_round_trips_with_its_hash_and_length_and_streams_in_small_reads()
    {
        using var database = await servers.CreateDatabaseAsync("blob-roundtrip");
        await using var store = new PostgresTestDataStore(database.ConnectionString);
        var data = TestDataTables.RandomBytes(5 * Chunk + 12_345, seed: 1);

        var blob = await store.PutAsync(new TrickleStream(data, maxRead: 7_777), long.MaxValue, CancellationToken.None);

        Assert.Equal(Sha256(data), blob.Sha256);
        Assert.Equal(data.Length, blob.Bytes);
        Assert.True(store.Exists(blob.Sha256));
        Assert.Equal([Chunk, Chunk, Chunk, Chunk, Chunk, 12_345], await ChunkSizesAsync(database.ConnectionString, blob.Sha256));

        using (var stream = store.OpenRead(blob.Sha256)!)
        {
            Assert.Equal(data, await ReadAllAsync(stream, bufferSize: 4_096));
            Assert.Equal(0, await stream.ReadAsync(new byte[16]));
        }
        using (var stream = store.OpenRead(blob.Sha256)!)
        {
            Assert.Equal(data, ReadAll(stream, bufferSize: 1_000));
        }
        using (var stream = store.OpenRead(blob.Sha256)!)
        using (var copy = new MemoryStream())
        {
            // CopyToAsync (what the download endpoint does) and a hash over the stream agree with the input.
            await stream.CopyToAsync(copy);
            Assert.Equal(blob.Sha256, Sha256(copy.ToArray()));
        }
    }

    [Fact]
    public async Task A_blob_of_exactly_whole_chunks_has_no_empty_tail_chunk()
    {
        using var database = await servers.CreateDatabaseAsync("blob-whole");
        await using var store = new PostgresTestDataStore(database.ConnectionString);
        var data = TestDataTables.RandomBytes(2 * Chunk, seed: 2);

        var blob = await store.PutAsync(new MemoryStream(data), data.Length, CancellationToken.None);

        Assert.Equal([Chunk, Chunk], await ChunkSizesAsync(database.ConnectionString, blob.Sha256));
        using var stream = store.OpenRead(blob.Sha256)!;
        Assert.Equal(data, await ReadAllAsync(stream, bufferSize: 3 * Chunk));
    }

    [Fact]
    public async Task The_empty_blob_is_stored_once_and_reads_as_empty()
    {
        using var database = await servers.CreateDatabaseAsync("blob-empty");
        await using var store = new PostgresTestDataStore(database.ConnectionString);

        // ProblemService stores the placeholder of a new test exactly like this.
        var blob = await store.PutAsync(Stream.Null, 0, CancellationToken.None);
        var again = await store.PutAsync(new MemoryStream(), 0, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), blob.Sha256);
        Assert.Equal(0, blob.Bytes);
        Assert.Equal(blob, again);
        Assert.True(store.Exists(blob.Sha256));
        Assert.Empty(await ChunkSizesAsync(database.ConnectionString, blob.Sha256));
        Assert.Equal((1, 0), await TestDataTables.CountsAsync(database.ConnectionString));
        using var stream = store.OpenRead(blob.Sha256)!;
        Assert.Equal(0, await stream.ReadAsync(new byte[8]));
        Assert.Equal(0, stream.Read(new byte[8]));
    }

    [Fact]
    public async Task An_upload_over_the_limit_or_one_that_fails_midway_keeps_nothing()
    {
        using var database = await servers.CreateDatabaseAsync("blob-limit");
        await using var store = new PostgresTestDataStore(database.ConnectionString);
        var data = TestDataTables.RandomBytes(3 * Chunk + 1, seed: 3);

        var tooLarge = await Assert.ThrowsAsync<TestDataTooLargeException>(() =>
            store.PutAsync(new TrickleStream(data, maxRead: 64 * 1024), 3 * Chunk, CancellationToken.None));
        Assert.Equal(3 * Chunk, tooLarge.MaxBytes);
        Assert.False(store.Exists(Sha256(data)));
        Assert.Equal((0, 0), await TestDataTables.CountsAsync(database.ConnectionString));

        // The client's body breaks after two chunks were written.
        var dropped = new TrickleStream(data, maxRead: 64 * 1024, pauseAt: 2 * Chunk + 10) { FailWith = new IOException("connection reset") };
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(dropped, long.MaxValue, CancellationToken.None));
        Assert.Equal((0, 0), await TestDataTables.CountsAsync(database.ConnectionString));

        // Exactly at the limit is allowed, and the store is still usable.
        var blob = await store.PutAsync(new MemoryStream(data), data.Length, CancellationToken.None);
        Assert.Equal(Sha256(data), blob.Sha256);
        Assert.Equal((1, 4), await TestDataTables.CountsAsync(database.ConnectionString));
    }

    [Fact]
    public async Task A_blob_is_invisible_to_other_replicas_until_its_upload_completes()
    {
        using var database = await servers.CreateDatabaseAsync("blob-visibility");
        await using var replicaA = new PostgresTestDataStore(database.ConnectionString);
        await using var replicaB = new PostgresTestDataStore(database.ConnectionString);
        var data = TestDataTables.RandomBytes(3 * Chunk + 99, seed: 4);
        var sha = Sha256(data);
        var upload = new TrickleStream(data, maxRead: 100_000, pauseAt: 2 * Chunk + 5);

        var put = replicaA.PutAsync(upload, long.MaxValue, CancellationToken.None);
        await upload.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(replicaB.Exists(sha));
        Assert.Null(replicaB.OpenRead(sha));
        Assert.Equal((0, 0), await TestDataTables.CountsAsync(database.ConnectionString)); // two chunks written, not committed

        upload.Release();
        var blob = await put;
        Assert.True(replicaB.Exists(sha));
        using var stream = replicaB.OpenRead(sha)!;
        Assert.Equal(data, await ReadAllAsync(stream, bufferSize: 8_192));
        Assert.Equal(sha, blob.Sha256);
    }

    [Fact]
    public async Task Concurrent_puts_of_the_same_content_on_two_replicas_both_succeed_and_store_it_once()
    {
        using var database = await servers.CreateDatabaseAsync("blob-concurrent");
        await using var replicaA = new PostgresTestDataStore(database.ConnectionString);
        await using var replicaB = new PostgresTestDataStore(database.ConnectionString);
        var data = TestDataTables.RandomBytes(2 * Chunk + 777, seed: 5);

        // Both transactions are open with a chunk written before either publishes, so the second publisher really
        // meets the first one's uncommitted row.
        var uploadA = new TrickleStream(data, maxRead: 50_000, pauseAt: Chunk + 1);
        var uploadB = new TrickleStream(data, maxRead: 50_000, pauseAt: Chunk + 1);
        var putA = replicaA.PutAsync(uploadA, long.MaxValue, CancellationToken.None);
        var putB = replicaB.PutAsync(uploadB, long.MaxValue, CancellationToken.None);
        await Task.WhenAll(uploadA.Reached, uploadB.Reached).WaitAsync(TimeSpan.FromSeconds(30));
        uploadA.Release();
        uploadB.Release();
        var blobs = await Task.WhenAll(putA, putB);

        Assert.All(blobs, b => Assert.Equal(new StoredBlob(Sha256(data), data.Length), b));
        Assert.Equal((1, 3), await TestDataTables.CountsAsync(database.ConnectionString));

        // Many more at once, through both replicas: still one copy.
        var small = Encoding.UTF8.GetBytes("1 2\n");
        var puts = Enumerable.Range(0, 16).Select(i =>
            (i % 2 == 0 ? replicaA : replicaB).PutAsync(new MemoryStream(small), 100, CancellationToken.None));
        Assert.Single((await Task.WhenAll(puts)).Distinct());
        Assert.Equal((2, 4), await TestDataTables.CountsAsync(database.ConnectionString));
    }

    [Fact]
    public async Task A_blob_stored_through_one_replica_is_read_through_another()
    {
        using var database = await servers.CreateDatabaseAsync("blob-replicas");
        await using var replicaA = new PostgresTestDataStore(database.ConnectionString);
        await using var replicaB = new PostgresTestDataStore(database.ConnectionString);
        var data = TestDataTables.RandomBytes(Chunk + 3, seed: 6);

        var blob = await replicaA.PutAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None);

        Assert.True(replicaB.Exists(blob.Sha256));
        using (var stream = replicaB.OpenRead(blob.Sha256)!)
        {
            Assert.Equal(data, ReadAll(stream, bufferSize: 333));
        }
        // Streams hold no connection between chunks: with a pool of one connection, three streams read interleaved.
        var onePool = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 1, Timeout = 5 }.ConnectionString;
        await using var replicaC = new PostgresTestDataStore(onePool);
        var streams = Enumerable.Range(0, 3).Select(_ => replicaC.OpenRead(blob.Sha256)!).ToList();
        var copies = streams.Select(_ => new MemoryStream()).ToList();
        var buffer = new byte[Chunk / 2 + 1];
        bool progressed;
        do
        {
            progressed = false;
            for (var i = 0; i < streams.Count; i++)
            {
                var read = await streams[i].ReadAsync(buffer);
                copies[i].Write(buffer, 0, read);
                progressed |= read > 0;
            }
        }
        while (progressed);
        Assert.All(copies, c => Assert.Equal(data, c.ToArray()));
        streams.ForEach(s => s.Dispose());
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("../../etc/passwd")]
    [InlineData("' OR 1=1 --")]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")] // uppercase
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")] // 63 characters
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 ")]
    [InlineData("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")] // well-formed, absent
    public async Task Anything_but_a_stored_lowercase_sha256_opens_nothing(string sha256)
    {
        using var database = await servers.CreateDatabaseAsync("blob-badhash");
        await using var store = new PostgresTestDataStore(database.ConnectionString);
        await store.PutAsync(Stream.Null, 0, CancellationToken.None); // the empty blob exists (its hash, uppercase, is above)

        Assert.Null(store.OpenRead(sha256));
        Assert.False(store.Exists(sha256));
    }

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static async Task<byte[]> ReadAllAsync(Stream stream, int bufferSize)
    {
        using var all = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            Assert.True(read <= bufferSize);
            all.Write(buffer, 0, read);
        }
        return all.ToArray();
    }

    private static byte[] ReadAll(Stream stream, int bufferSize)
    {
        using var all = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            all.Write(buffer, 0, read);
        }
        return all.ToArray();
    }

    private static async Task<List<int>> ChunkSizesAsync(string connectionString, string sha256)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT octet_length(c.data) FROM test_data_chunks c JOIN test_data_blobs b ON b.content_id = c.content_id
            WHERE b.sha256 = $1 ORDER BY c.seq
            """, connection) { Parameters = { new NpgsqlParameter { Value = sha256 } } };
        await using var reader = await command.ExecuteReaderAsync();
        var sizes = new List<int>();
        while (await reader.ReadAsync())
        {
            sizes.Add(reader.GetInt32(0));
        }
        return sizes;
    }
}
