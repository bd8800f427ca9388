using System.Security.Cryptography;
using System.Text;

namespace LetsCode.Judge.Judging;

/// <summary>
/// Compiled artifacts on disk, addressed by a hash of everything that determines them (language, compiler
/// version, compile command, source), so resubmitting the same code does not recompile. Bounded: after each store
/// the least recently used entries are evicted until the cache fits <c>capBytes</c>.
/// Layout: <c>root/&lt;key&gt;/files/*</c>, <c>root/&lt;key&gt;/output.txt</c> (compiler messages), and
/// <c>root/&lt;key&gt;/used</c> whose modification time is the last use. Entries appear by an atomic rename, so
/// concurrent judges (even in other processes) never see half an entry; a restore racing an eviction is a miss.
/// </summary>
public sealed class CompileCache
{
    private const string FilesFolder = "files";
    private const string OutputFile = "output.txt";
    private const string UsedMarker = "used";

    private readonly string _root;
    private readonly long _capBytes;
    private readonly TimeProvider _time;

    public CompileCache(string root, long capBytes, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capBytes);
        _root = Path.GetFullPath(root);
        _capBytes = capBytes;
        _time = time ?? TimeProvider.System;
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    /// <summary>The content address of a compile. Pure.</summary>
    public static string Key(string language, string compilerVersion, IEnumerable<string> compileCommand, string source)
    {
        var text = new StringBuilder()
            .Append("letscode-compile-v1\0").Append(language).Append('\0').Append(compilerVersion).Append('\0')
            .AppendJoin('\u0001', compileCommand).Append('\0').Append(source)
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// Puts the entry's files into <paramref name="destination"/> and returns the compiler output, or null on a miss.
    /// </summary>
    public string? TryRestore(string key, string destination)
    {
        var entry = Path.Combine(_root, key);
        var files = Path.Combine(entry, FilesFolder);
        if (!Directory.Exists(files)) return null;
        try
        {
            var output = File.ReadAllText(Path.Combine(entry, OutputFile));
            FileLinks.LinkAll(files, destination);
            Touch(entry);
            return output;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Evicted while we read it: clean up what was linked and compile instead.
            foreach (var file in Directory.Exists(destination) ? Directory.GetFiles(destination) : []) File.Delete(file);
            return null;
        }
    }

    /// <summary>Stores the files of <paramref name="artifactDirectory"/> under <paramref name="key"/>, then evicts.</summary>
    public void Store(string key, string artifactDirectory, string compilerOutput)
    {
        var entry = Path.Combine(_root, key);
        if (Directory.Exists(entry))
        {
            Touch(entry);
            return;
        }

        var staging = Path.Combine(_root, ".staging-" + Guid.NewGuid().ToString("N"));
        try
        {
            FileLinks.LinkAll(artifactDirectory, Path.Combine(staging, FilesFolder));
            File.WriteAllText(Path.Combine(staging, OutputFile), compilerOutput);
            File.WriteAllBytes(Path.Combine(staging, UsedMarker), []);
            Touch(staging);
            Directory.Move(staging, entry);
        }
        catch (IOException) when (Directory.Exists(entry))
        {
            // Another judge stored the same compile first: theirs is identical.
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        Evict(keep: key);
    }

    /// <summary>Bytes currently held (entries only).</summary>
    public long SizeBytes() => Entries().Sum(e => e.Bytes);

    /// <summary>Removes least recently used entries until the cache fits its cap; the entry just stored goes last.</summary>
    public void Evict(string? keep = null)
    {
        var entries = Entries().OrderBy(e => e.Name == keep).ThenBy(e => e.LastUsed).ToList();
        var total = entries.Sum(e => e.Bytes);
        foreach (var entry in entries)
        {
            if (total <= _capBytes) break;
            try
            {
                Directory.Delete(Path.Combine(_root, entry.Name), recursive: true);
                total -= entry.Bytes;
            }
            catch (IOException)
            {
                // Someone else evicted it already.
            }
        }
    }

    private void Touch(string entry)
    {
        try
        {
            File.SetLastWriteTimeUtc(Path.Combine(entry, UsedMarker), _time.GetUtcNow().UtcDateTime);
        }
        catch (IOException)
        {
            // A lost touch only makes the entry look older.
        }
    }

    private List<CacheEntry> Entries()
    {
        var entries = new List<CacheEntry>();
        foreach (var directory in new DirectoryInfo(_root).EnumerateDirectories())
        {
            if (directory.Name.StartsWith('.')) continue;
            try
            {
                var bytes = directory.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
                var used = new FileInfo(Path.Combine(directory.FullName, UsedMarker));
                entries.Add(new CacheEntry(directory.Name, bytes, used.Exists ? used.LastWriteTimeUtc : DateTime.MinValue));
            }
            catch (IOException)
            {
                // Being deleted concurrently.
            }
        }
        return entries;
    }

    private sealed record CacheEntry(string Name, long Bytes, DateTime LastUsed);
}
