using System.Security.Cryptography;
using System.Text;
using LetsCode.Api.Cluster.TestData;
using LetsCode.Api.Cluster.Tests.Infrastructure;
using LetsCode.Api.Configuration;
using LetsCode.Api.Contracts;
using LetsCode.Api.Processing;
using LetsCode.Api.Storage;
using LetsCode.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LetsCode.Api.Cluster.Tests.Storage;

/// <summary>
/// Collection of the shared test-data store on a real PostgreSQL: listing and deleting blobs (row and chunks together),
/// by two replicas at once, and one collector pass after a problem's tests were replaced. Age is set on the rows
/// (created_at, the stored time) or the collector's clock runs ahead; nothing waits.
/// </summary>
[Collection(SharedServersCollection.Name)]
public sealed class PostgresTestDataCollectionTests(SharedServers servers)
{
    private const int Chunk = PostgresTestDataStore.ChunkBytes;
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task An_old_blob_is_deleted_with_all_its_chunks_once_and_a_second_delete_is_a_no_op()
    {
        using var database = await servers.CreateDatabaseAsync("collect-delete");
        await using var store = new PostgresTestDataStore(database.ConnectionString);
        var big = TestDataTables.RandomBytes(3 * Chunk + 5, seed: 11);
        var bigBlob = await store.PutAsync(new MemoryStream(big), long.MaxValue, CancellationToken.None);
        var small = await store.PutAsync(new MemoryStream("small\n"u8.ToArray()), long.MaxValue, CancellationToken.None);
        await AgeAsync(database.ConnectionString, Day * 2, bigBlob.Sha256, small.Sha256);
        Assert.Equal((2, 5), await TestDataTables.CountsAsync(database.ConnectionString));

        var listed = await store.ListStoredBeforeAsync(Now - Day, CancellationToken.None);
        Assert.Equal([(bigBlob.Sha256, bigBlob.Bytes), (small.Sha256, small.Bytes)],
            listed.OrderByDescending(b => b.Bytes).Select(b => (b.Sha256, b.Bytes)));
        Assert.All(listed, b => Assert.True(b.StoredAt < Now - Day));

        Assert.True(await store.DeleteIfStoredBeforeAsync(bigBlob.Sha256, Now - Day, CancellationToken.None));
        Assert.Equal((1, 1), await TestDataTables.CountsAsync(database.ConnectionString));
        Assert.False(store.Exists(bigBlob.Sha256));
        Assert.Null(store.OpenRead(bigBlob.Sha256));
        Assert.False(await store.DeleteIfStoredBeforeAsync(bigBlob.Sha256, Now - Day, CancellationToken.None));
        Assert.Equal((1, 1), await TestDataTables.CountsAsync(database.ConnectionString));

        // The same content stored again after its collection is a fresh, complete blob.
        Assert.Equal(bigBlob, await store.PutAsync(new MemoryStream(big), long.MaxValue, CancellationToken.None));
        Assert.Equal(big, await ReadAllAsync(store, bigBlob.Sha256));
        Assert.Equal(0, await store.RemoveAbandonedWritesAsync(Now + Day, CancellationToken.None));
    }

    [Fact]
    public async Task A_blob_stored_after_the_cutoff_is_neither_listed_nor_deleted()
    {
        using var database = await servers.CreateDatabaseAsync("collect-young");
        await using var store = new PostgresTestDataStore(database.ConnectionString);
        var blob = await store.PutAsync(new MemoryStream(TestDataTables.RandomBytes(Chunk + 1, seed: 12)), long.MaxValue, CancellationToken.None);

        Assert.Empty(await store.ListStoredBeforeAsync(Now - Day, CancellationToken.None));
        Assert.False(await store.DeleteIfStoredBeforeAsync(blob.Sha256, Now - Day, CancellationToken.None));
        Assert.Equal((1, 2), await TestDataTables.CountsAsync(database.ConnectionString));
    }

    [Fact]
    public async Task Putting_content_already_stored_stamps_it_as_stored_now_and_keeps_one_copy()
    {
        using var database = await servers.CreateDatabaseAsync("collect-reput");
        await using var replicaA = new PostgresTestDataStore(database.ConnectionString);
        await using var replicaB = new PostgresTestDataStore(database.ConnectionString);
        var data = TestDataTables.RandomBytes(2 * Chunk + 3, seed: 13);
        var blob = await replicaA.PutAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None);
        await AgeAsync(database.ConnectionString, Day * 2, blob.Sha256);
        var cutoff = Now - Day;
        Assert.Single(await replicaA.ListStoredBeforeAsync(cutoff, CancellationToken.None));

        // Uploaded again through another replica after the collector listed it: deduplicated, and no longer old.
        Assert.Equal(blob, await replicaB.PutAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None));

        Assert.False(await replicaA.DeleteIfStoredBeforeAsync(blob.Sha256, cutoff, CancellationToken.None));
        Assert.Empty(await replicaA.ListStoredBeforeAsync(cutoff, CancellationToken.None));
        Assert.Equal((1, 3), await TestDataTables.CountsAsync(database.ConnectionString));
        Assert.Equal(data, await ReadAllAsync(replicaA, blob.Sha256));
    }

    [Fact]
    public async Task Two_replicas_deleting_the_same_blobs_at_once_delete_each_exactly_once()
    {
        using var database = await servers.CreateDatabaseAsync("collect-race");
        await using var replicaA = new PostgresTestDataStore(database.ConnectionString);
        await using var replicaB = new PostgresTestDataStore(database.ConnectionString);
        var blobs = new List<StoredBlob>();
        for (var i = 0; i < 30; i++)
        {
            blobs.Add(await replicaA.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes($"blob {i}\n")), long.MaxValue, CancellationToken.None));
        }
        await AgeAsync(database.ConnectionString, Day * 2, [.. blobs.Select(b => b.Sha256)]);
        var cutoff = Now - Day;

        var deleted = await Task.WhenAll(
            DeleteAllAsync(replicaA, blobs, cutoff),
            DeleteAllAsync(replicaB, blobs.AsEnumerable().Reverse().ToList(), cutoff));

        Assert.Equal(blobs.Count, deleted.Sum());
        Assert.Equal((0, 0), await TestDataTables.CountsAsync(database.ConnectionString));
    }

    [Fact]
    public async Task Replacing_a_problems_tests_then_one_collector_pass_removes_the_old_blobs_and_their_chunks()
    {
        using var database = await servers.CreateDatabaseAsync("collect-problem");
        await using var store = new PostgresTestDataStore(database.ConnectionString);
        var bigInput = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i} {i}\n"));
        Assert.True(Encoding.UTF8.GetByteCount(bigInput) > Chunk);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var problems = new ProblemService(db, store, TimeProvider.System);
            await problems.CreateAsync(Problem("collected", ("big", bigInput, "old answer\n"), ("kept", "1 2\n", "3\n")), CancellationToken.None);
        }
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var problems = new ProblemService(db, store, TimeProvider.System);
            var problem = (await problems.FindAsync("collected", CancellationToken.None))!;
            await problems.UpdateAsync(problem, Problem("collected", ("kept", "1 2\n", "3\n"), ("new", "5 5\n", "10\n")), CancellationToken.None);
        }
        var chunksBefore = (await TestDataTables.CountsAsync(database.ConnectionString)).Chunks;
        var collector = new TestDataCollector(
            store, database.Factory, new ShiftedTimeProvider(TimeSpan.FromDays(2)),
            Options.Create(new TestDataCollectionOptions()), NullLogger<TestDataCollector>.Instance);

        var result = await collector.CollectOnceAsync(CancellationToken.None);

        Assert.Equal(2, result.Blobs);
        Assert.Equal(Encoding.UTF8.GetByteCount(bigInput) + "old answer\n".Length, result.Bytes);
        Assert.False(store.Exists(Sha256(bigInput)));
        Assert.False(store.Exists(Sha256("old answer\n")));
        var inputChunks = (Encoding.UTF8.GetByteCount(bigInput) + Chunk - 1) / Chunk;
        Assert.Equal(chunksBefore - inputChunks - 1, (await TestDataTables.CountsAsync(database.ConnectionString)).Chunks); // and the answer's one
        foreach (var text in new[] { "1 2\n", "3\n", "5 5\n", "10\n" })
        {
            Assert.Equal(Encoding.UTF8.GetBytes(text), await ReadAllAsync(store, Sha256(text)));
        }
        Assert.Equal(TestDataCollectionResult.Nothing, await collector.CollectOnceAsync(CancellationToken.None));
    }

    private static ProblemRequest Problem(string id, params (string Name, string Input, string Output)[] tests) => new()
    {
        Id = id,
        Title = id,
        Tests = tests.Select(t => new ProblemTestRequest { Name = t.Name, Input = t.Input, ExpectedOutput = t.Output }).ToList(),
    };

    private static async Task<int> DeleteAllAsync(PostgresTestDataStore store, IReadOnlyList<StoredBlob> blobs, DateTimeOffset cutoff)
    {
        await Task.Yield();
        var deleted = 0;
        foreach (var blob in blobs)
        {
            if (await store.DeleteIfStoredBeforeAsync(blob.Sha256, cutoff, CancellationToken.None))
            {
                deleted++;
            }
        }
        return deleted;
    }

    private static async Task AgeAsync(string connectionString, TimeSpan age, params string[] hashes)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE test_data_blobs SET created_at = now() - $1 WHERE sha256 = ANY($2)", connection)
        {
            Parameters = { new NpgsqlParameter { Value = age }, new NpgsqlParameter { Value = hashes } },
        };
        Assert.Equal(hashes.Length, await command.ExecuteNonQueryAsync());
    }

    private static async Task<byte[]> ReadAllAsync(ITestDataStore store, string sha256)
    {
        await using var stream = store.OpenRead(sha256)!;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
