using System.Security.Cryptography;
using System.Text;
using LetsCode.Api.Storage;
using LetsCode.Api.Tests.Infrastructure;

namespace LetsCode.Api.Tests.Storage;

/// <summary>
/// Listing and deleting blobs of the file store on a real directory. Age is set on the files (their last write time
/// is the stored time) rather than waited for.
/// </summary>
public sealed class FileTestDataStoreCollectionTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly TempDirectory directory = new();
    private readonly FileTestDataStore store;

    public FileTestDataStoreCollectionTests() => store = new FileTestDataStore(directory.Path);

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task Only_blobs_stored_before_the_cutoff_are_listed_with_their_length_and_stored_time()
    {
        var old = await PutAsync("old\n");
        var young = await PutAsync("young\n");
        var storedAt = Now - 2 * Day;
        Age(old, storedAt);

        var listed = await store.ListStoredBeforeAsync(Now - Day, CancellationToken.None);

        var blob = Assert.Single(listed);
        Assert.Equal(old.Sha256, blob.Sha256);
        Assert.Equal(4, blob.Bytes);
        Assert.Equal(storedAt.UtcDateTime, blob.StoredAt.UtcDateTime, TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await store.ListStoredBeforeAsync(Now + Day, CancellationToken.None)).Count);
        Assert.True(store.Exists(young.Sha256));
    }

    [Fact]
    public async Task An_old_blob_is_deleted_once_a_second_delete_is_a_no_op_and_it_can_be_stored_again()
    {
        var blob = await PutAsync("to be collected\n");
        Age(blob, Now - 2 * Day);

        Assert.True(await store.DeleteIfStoredBeforeAsync(blob.Sha256, Now - Day, CancellationToken.None));
        Assert.False(store.Exists(blob.Sha256));
        Assert.Null(store.OpenRead(blob.Sha256));
        Assert.False(await store.DeleteIfStoredBeforeAsync(blob.Sha256, Now - Day, CancellationToken.None));
        Assert.Empty(await store.ListStoredBeforeAsync(Now + Day, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(directory.Path, "tmp")));

        Assert.Equal(blob, await PutAsync("to be collected\n"));
        Assert.Equal("to be collected\n", await ReadAsync(blob.Sha256));
    }

    [Fact]
    public async Task A_blob_stored_after_the_cutoff_is_kept()
    {
        var blob = await PutAsync("fresh\n");

        Assert.False(await store.DeleteIfStoredBeforeAsync(blob.Sha256, Now - Day, CancellationToken.None));
        Assert.Equal("fresh\n", await ReadAsync(blob.Sha256));
    }

    [Fact]
    public async Task Putting_content_already_stored_stamps_it_as_stored_now_so_a_collector_that_listed_it_keeps_it()
    {
        var blob = await PutAsync("uploaded again\n");
        Age(blob, Now - 2 * Day);
        var cutoff = Now - Day;
        Assert.Single(await store.ListStoredBeforeAsync(cutoff, CancellationToken.None));

        // The same content is uploaded again (deduplicated: nothing is written) after the collector listed it.
        Assert.Equal(blob, await PutAsync("uploaded again\n"));

        Assert.False(await store.DeleteIfStoredBeforeAsync(blob.Sha256, cutoff, CancellationToken.None));
        Assert.Equal("uploaded again\n", await ReadAsync(blob.Sha256));
        Assert.Empty(await store.ListStoredBeforeAsync(cutoff, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(directory.Path, "tmp")));
    }

    [Fact]
    public async Task Two_collectors_deleting_the_same_blobs_at_once_delete_each_exactly_once()
    {
        var blobs = new List<StoredBlob>();
        for (var i = 0; i < 40; i++)
        {
            var blob = await PutAsync($"blob {i}\n");
            Age(blob, Now - 2 * Day);
            blobs.Add(blob);
        }
        var other = new FileTestDataStore(directory.Path); // another replica on the same shared volume
        var cutoff = Now - Day;

        var deleted = await Task.WhenAll(
            Task.Run(() => DeleteAllAsync(store, blobs, cutoff)),
            Task.Run(() => DeleteAllAsync(other, blobs.AsEnumerable().Reverse().ToList(), cutoff)));

        Assert.Equal(blobs.Count, deleted.Sum());
        Assert.All(blobs, b => Assert.False(store.Exists(b.Sha256)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(directory.Path, "tmp")));
    }

    [Fact]
    public async Task Links_and_foreign_files_are_never_listed_followed_or_deleted()
    {
        using var outside = new TempDirectory();
        var real = await PutAsync("real\n");
        Age(real, Now - 2 * Day);

        // A file outside the store, named like a blob and linked from inside it.
        var outsideHash = Sha256("outside\n");
        var outsideFile = Path.Combine(outside.Path, outsideHash);
        await File.WriteAllTextAsync(outsideFile, "outside\n");
        File.SetLastWriteTimeUtc(outsideFile, (Now - 2 * Day).UtcDateTime);
        Directory.CreateDirectory(Path.Combine(directory.Path, outsideHash[..2]));
        File.CreateSymbolicLink(Path.Combine(directory.Path, outsideHash[..2], outsideHash), outsideFile);

        // A whole prefix directory that is a link to the outside directory, holding a blob-named file there.
        var linkedHash = Sha256("linked dir\n");
        var linkedTarget = Path.Combine(outside.Path, "prefix");
        Directory.CreateDirectory(linkedTarget);
        var linkedFile = Path.Combine(linkedTarget, linkedHash);
        await File.WriteAllTextAsync(linkedFile, "linked dir\n");
        File.SetLastWriteTimeUtc(linkedFile, (Now - 2 * Day).UtcDateTime);
        Directory.CreateSymbolicLink(Path.Combine(directory.Path, linkedHash[..2]), linkedTarget);

        // Names that are not blobs.
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "README"), "not a blob");
        Directory.CreateDirectory(Path.Combine(directory.Path, "zz"));
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "zz", new string('z', 64)), "not a hash");
        await File.WriteAllTextAsync(Path.Combine(directory.Path, real.Sha256[..2], real.Sha256 + ".partial"), "not a hash");
        File.SetLastWriteTimeUtc(Path.Combine(directory.Path, "README"), (Now - 2 * Day).UtcDateTime);

        var listed = await store.ListStoredBeforeAsync(Now + Day, CancellationToken.None);

        Assert.Equal([real.Sha256], listed.Select(b => b.Sha256));
        Assert.False(await store.DeleteIfStoredBeforeAsync(outsideHash, Now + Day, CancellationToken.None));
        Assert.False(await store.DeleteIfStoredBeforeAsync(linkedHash, Now + Day, CancellationToken.None));
        Assert.False(await store.DeleteIfStoredBeforeAsync("../../" + outsideHash[6..], Now + Day, CancellationToken.None));
        Assert.Equal("outside\n", await File.ReadAllTextAsync(outsideFile));
        Assert.Equal("linked dir\n", await File.ReadAllTextAsync(linkedFile));
        Assert.NotNull(new FileInfo(Path.Combine(directory.Path, outsideHash[..2], outsideHash)).LinkTarget); // the link itself stays
        Assert.True(File.Exists(Path.Combine(directory.Path, "README")));
        Assert.True(await store.DeleteIfStoredBeforeAsync(real.Sha256, Now + Day, CancellationToken.None));
    }

    [Fact]
    public async Task Partial_writes_older_than_the_cutoff_are_removed_and_younger_ones_kept()
    {
        var temp = Path.Combine(directory.Path, "tmp");
        var abandoned = Path.Combine(temp, Guid.NewGuid().ToString("N"));
        var inProgress = Path.Combine(temp, Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(abandoned, new byte[1000]);
        await File.WriteAllBytesAsync(inProgress, new byte[10]);
        File.SetLastWriteTimeUtc(abandoned, (Now - 2 * Day).UtcDateTime);
        var blob = await PutAsync("a finished blob is not a partial write\n");
        Age(blob, Now - 2 * Day);

        Assert.Equal(1000, await store.RemoveAbandonedWritesAsync(Now - Day, CancellationToken.None));

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(inProgress));
        Assert.True(store.Exists(blob.Sha256));
        Assert.Equal(0, await store.RemoveAbandonedWritesAsync(Now - Day, CancellationToken.None));
    }

    public void Dispose() => directory.Dispose();

    private static async Task<int> DeleteAllAsync(FileTestDataStore target, IReadOnlyList<StoredBlob> blobs, DateTimeOffset cutoff)
    {
        var deleted = 0;
        foreach (var blob in blobs)
        {
            if (await target.DeleteIfStoredBeforeAsync(blob.Sha256, cutoff, CancellationToken.None))
            {
                deleted++;
            }
        }
        return deleted;
    }

    private async Task<StoredBlob> PutAsync(string text) =>
        await store.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), long.MaxValue, CancellationToken.None);

    private async Task<string> ReadAsync(string sha256)
    {
        await using var stream = store.OpenRead(sha256)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private void Age(StoredBlob blob, DateTimeOffset storedAt) =>
        File.SetLastWriteTimeUtc(Path.Combine(directory.Path, blob.Sha256[..2], blob.Sha256), storedAt.UtcDateTime);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
