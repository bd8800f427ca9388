using System.Security.Cryptography;

namespace LetsCode.Api.Storage;

/// <summary>
/// Blobs as files under &lt;data&gt;/testdata/ab/abcdef... (SHA-256). Writes go to a temporary file that is renamed into
/// place once complete, so a crash never leaves a truncated blob under its hash; identical content is stored once.
/// <para>
/// A blob's stored time is its file's last write time: a new blob is written just before it is renamed into place,
/// and a put of content already stored sets the time to now. Collection (listing and deleting blobs stored before a
/// cutoff) only ever touches regular files named by their hash in a two-character directory of this store; links and
/// anything else are skipped, so nothing outside the store's directory is followed. The directory may be shared by
/// several processes (a ReadWriteMany volume in cluster mode), so a delete decides by renaming the blob away first,
/// see <see cref="DeleteIfStoredBeforeAsync"/>.
/// </para>
/// </summary>
public sealed class FileTestDataStore : ITestDataStore
{
    private const string TempDirectoryName = "tmp";

    private readonly string root;
    private readonly string tempDirectory;

    public FileTestDataStore(string root)
    {
        this.root = root;
        tempDirectory = Path.Combine(root, TempDirectoryName);
        Directory.CreateDirectory(tempDirectory);
    }

    public async Task<StoredBlob> PutAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(tempDirectory, Guid.NewGuid().ToString("N"));
        try
        {
            long total = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new TestDataTooLargeException(maxBytes);
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                await file.FlushAsync(cancellationToken);
            }

            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            var target = PathFor(sha);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (File.Exists(target) && TryMarkStoredNow(target))
            {
                File.Delete(temp);
            }
            else
            {
                File.Move(temp, target, overwrite: true);
            }
            return new StoredBlob(sha, total);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public Stream? OpenRead(string sha256)
    {
        if (!IsHash(sha256))
        {
            return null;
        }
        var path = PathFor(sha256);
        return File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null;
    }

    public bool Exists(string sha256) => IsHash(sha256) && File.Exists(PathFor(sha256));

    public Task<IReadOnlyList<ListedBlob>> ListStoredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var listed = new List<ListedBlob>();
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prefix = Path.GetFileName(directory);
            if (!IsHashPrefix(prefix) || new DirectoryInfo(directory).LinkTarget is not null)
            {
                continue;
            }
            foreach (var path in Directory.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(path);
                if (!IsHash(name) || !name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }
                var file = new FileInfo(path);
                // Exists is false when another process deleted it since the directory was read.
                if (file.Exists && file.LinkTarget is null && file.LastWriteTimeUtc < cutoff.UtcDateTime)
                {
                    listed.Add(new ListedBlob(name, file.Length, new DateTimeOffset(file.LastWriteTimeUtc)));
                }
            }
        }
        return Task.FromResult<IReadOnlyList<ListedBlob>>(listed);
    }

    /// <summary>
    /// Moves the blob out of its name first (an atomic rename, so exactly one of several collectors gets it), then
    /// decides on the moved file, which nothing else can reach any more: a put that found the blob just before the
    /// move stamped it as stored now, and then it goes back under its name. A put after the move finds the name
    /// free and stores its own copy.
    /// </summary>
    public Task<bool> DeleteIfStoredBeforeAsync(string sha256, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (!IsHash(sha256))
        {
            return Task.FromResult(false);
        }
        var path = PathFor(sha256);
        if (new DirectoryInfo(Path.GetDirectoryName(path)!).LinkTarget is not null || !IsRegularFileStoredBefore(path, cutoff.UtcDateTime))
        {
            return Task.FromResult(false);
        }
        var doomed = Path.Combine(tempDirectory, $"collected-{sha256}-{Guid.NewGuid():N}");
        try
        {
            File.Move(path, doomed, overwrite: false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult(false); // another collector took it first
        }

        if (File.GetLastWriteTimeUtc(doomed) < cutoff.UtcDateTime)
        {
            File.Delete(doomed);
            return Task.FromResult(true);
        }
        try
        {
            File.Move(doomed, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(doomed); // a put stored the same content again in the meantime
        }
        return Task.FromResult(false);
    }

    /// <summary>
    /// Temporary files of puts that never finished (the process died mid-upload): a put in progress writes its file
    /// continuously and one that fails deletes it, so only those of dead processes grow old.
    /// </summary>
    public Task<long> RemoveAbandonedWritesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long freed = 0;
        if (new DirectoryInfo(tempDirectory).LinkTarget is not null)
        {
            return Task.FromResult(freed);
        }
        foreach (var path in Directory.EnumerateFiles(tempDirectory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(path);
            if (file.Exists && file.LinkTarget is null && file.LastWriteTimeUtc < cutoff.UtcDateTime)
            {
                var bytes = file.Length;
                File.Delete(path);
                freed += bytes;
            }
        }
        return Task.FromResult(freed);
    }

    private string PathFor(string sha256) => Path.Combine(root, sha256[..2], sha256);

    /// <summary>
    /// Stamps an already stored blob as stored now, so a collector that listed it as old before this put keeps it.
    /// False when it is gone (a collector took it since the caller saw it): the caller then stores its own copy.
    /// </summary>
    private static bool TryMarkStoredNow(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private static bool IsRegularFileStoredBefore(string path, DateTime cutoffUtc)
    {
        var file = new FileInfo(path);
        return file.Exists && file.LinkTarget is null && file.LastWriteTimeUtc < cutoffUtc;
    }

    private static bool IsHash(string value) =>
        value.Length == 64 && value.All(IsLowerHex);

    private static bool IsHashPrefix(string value) => value.Length == 2 && value.All(IsLowerHex);

    private static bool IsLowerHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f');
}
