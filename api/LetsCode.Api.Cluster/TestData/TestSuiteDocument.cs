using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LetsCode.Api.Storage;

namespace LetsCode.Api.Cluster.TestData;

/// <summary>
/// The test suite as the operator fetches it (operator/LetsCode.Operator/Judging/HttpTestSuiteSource.cs): a compact
/// JSON array of <c>{"name","input","expectedOutput"}</c> in judging order, whose SHA-256 is the Submission's
/// testsRef.sha256. Written test by test from the blob store, so a suite is never held whole in memory; the output
/// is a pure function of the manifest's blobs, so the hash computed at dispatch matches the bytes served later.
/// </summary>
public static class TestSuiteDocument
{
    public static async Task WriteAsync(TestSuiteManifest manifest, ITestDataStore store, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(store);
        await using var writer = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = false, SkipValidation = false });
        writer.WriteStartArray();
        foreach (var test in manifest.Tests)
        {
            writer.WriteStartObject();
            writer.WriteString("name", test.Name);
            writer.WriteString("input", await ReadAsync(store, test.InputSha256, cancellationToken));
            writer.WriteString("expectedOutput", await ReadAsync(store, test.OutputSha256, cancellationToken));
            writer.WriteEndObject();
            // Bounded memory: what this test wrote leaves before the next one is read.
            await writer.FlushAsync(cancellationToken);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>SHA-256 (lowercase hex) of the document, computed by writing it into a hash.</summary>
    public static async Task<string> HashAsync(TestSuiteManifest manifest, ITestDataStore store, CancellationToken cancellationToken)
    {
        await using var sink = new HashingStream();
        await WriteAsync(manifest, store, sink, cancellationToken);
        return sink.HexDigest();
    }

    private static async Task<string> ReadAsync(ITestDataStore store, string sha256, CancellationToken cancellationToken)
    {
        await using var stream = store.OpenRead(sha256)
            ?? throw new TestDataMissingException(sha256);
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>A write-only stream that only hashes.</summary>
    private sealed class HashingStream : Stream
    {
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public string HexDigest() => Convert.ToHexStringLower(hash.GetHashAndReset());

        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            hash.AppendData(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

/// <summary>A test references a blob the store does not have (lost, or not yet on this replica's shared volume).</summary>
public sealed class TestDataMissingException(string sha256) : Exception($"test data {sha256} is missing from the test data store")
{
    public string Sha256 { get; } = sha256;
}
