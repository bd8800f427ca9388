using System.Security.Cryptography;

namespace LetsCode.Api.Storage;

/// <summary>
/// Blobs as files under &lt;data&gt;/testdata/ab/abcdef... (SHA-256). Writes go to a temporary file that is renamed into
/// place once complete, so a crash never leaves a truncated blob under its hash; identical content is stored once.
/// </summary>
public sealed class FileTestDataStore : ITestDataStore
{
    private readonly string root;

    public FileTestDataStore(string root)
    {
        this.root = root;
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
    }

    public async Task<StoredBlob> PutAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(root, "tmp", Guid.NewGuid().ToString("N"));
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
            if (File.Exists(target))
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

    private string PathFor(string sha256) => Path.Combine(root, sha256[..2], sha256);

    private static bool IsHash(string value) =>
        value.Length == 64 && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
