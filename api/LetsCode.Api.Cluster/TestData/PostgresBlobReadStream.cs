using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace LetsCode.Api.Cluster.TestData;

/// <summary>
/// Reads one stored blob chunk by chunk: each chunk is fetched when the previous one is used up, with sequential
/// access straight into a single reused buffer, on a pooled connection that is returned right away. So a reader
/// holds at most one chunk in memory, and a slow reader (an HTTP response to the operator) holds no connection.
/// Forward-only: nothing reading test data seeks.
/// </summary>
internal sealed class PostgresBlobReadStream(NpgsqlDataSource dataSource, Guid contentId, long length) : Stream
{
    private byte[] chunk = [];
    private int chunkOffset;
    private int chunkCount;
    private int nextSeq;
    private long position;
    private bool disposed;

    public override bool CanRead => !disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (buffer.IsEmpty || !HasMore())
        {
            return 0;
        }
        if (chunkOffset == chunkCount)
        {
            FetchNextChunk();
        }
        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (buffer.IsEmpty || !HasMore())
        {
            return 0;
        }
        if (chunkOffset == chunkCount)
        {
            await FetchNextChunkAsync(cancellationToken);
        }
        return CopyOut(buffer.Span);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        disposed = true;
        chunk = [];
        base.Dispose(disposing);
    }

    private bool HasMore() => position < length;

    private int CopyOut(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, chunkCount - chunkOffset);
        chunk.AsSpan(chunkOffset, count).CopyTo(destination);
        chunkOffset += count;
        position += count;
        return count;
    }

    private void FetchNextChunk()
    {
        using var connection = dataSource.OpenConnection();
        using var command = ChunkQuery(connection);
        using var reader = command.ExecuteReader(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow);
        if (!reader.Read())
        {
            throw MissingChunk();
        }
        var size = reader.GetInt32(0);
        Prepare(size);
        using var data = reader.GetStream(1);
        data.ReadExactly(chunk.AsSpan(0, size));
        Filled(size);
    }

    private async Task FetchNextChunkAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = ChunkQuery(connection);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw MissingChunk();
        }
        var size = await reader.GetFieldValueAsync<int>(0, cancellationToken);
        Prepare(size);
        await using var data = await reader.GetStreamAsync(1, cancellationToken);
        await data.ReadExactlyAsync(chunk.AsMemory(0, size), cancellationToken);
        Filled(size);
    }

    private void Prepare(int size)
    {
        // A blob's chunks are written in order and only the last is short, so a zero-length or overlong chunk means
        // the rows are not what a put wrote.
        if (size <= 0 || size > length - position)
        {
            throw new IOException($"test data chunk {nextSeq} of content {contentId} has {size} bytes; {length - position} remain");
        }
        if (chunk.Length < size)
        {
            chunk = new byte[size];
        }
    }

    private void Filled(int size)
    {
        chunkOffset = 0;
        chunkCount = size;
        nextSeq++;
    }

    private NpgsqlCommand ChunkQuery(NpgsqlConnection connection) =>
        new("SELECT octet_length(data), data FROM test_data_chunks WHERE content_id = $1 AND seq = $2", connection)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = contentId },
                new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = nextSeq },
            },
        };

    private IOException MissingChunk() =>
        new($"test data chunk {nextSeq} of content {contentId} is missing ({length - position} of {length} bytes unread)");
}
