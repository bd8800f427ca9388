using Npgsql;

namespace LetsCode.Api.Cluster.Tests.Storage;

/// <summary>What the PostgreSQL test-data store tests read straight from its tables, and the content they store.</summary>
internal static class TestDataTables
{
    /// <summary>Rows of test_data_blobs and of test_data_chunks: a blob that goes must take its chunks with it.</summary>
    public static async Task<(long Blobs, long Chunks)> CountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM test_data_blobs), (SELECT count(*) FROM test_data_chunks)", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Reproducible content that does not compress or repeat: each seed gives a distinct blob.</summary>
    public static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
