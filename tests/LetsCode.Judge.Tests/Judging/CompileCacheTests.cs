using LetsCode.Judge.Judging;
using LetsCode.Judge.Tests.Support;
using LetsCode.Testing.Time;

namespace LetsCode.Judge.Tests.Judging;

public sealed class CompileCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new("letscode-cache");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_key_covers_language_compiler_version_flags_and_source()
    {
        var key = CompileCache.Key("cpp", "12.2.0", ["g++", "-O2"], "int main(){}");
        Assert.Equal(key, CompileCache.Key("cpp", "12.2.0", ["g++", "-O2"], "int main(){}"));
        Assert.NotEqual(key, CompileCache.Key("c", "12.2.0", ["g++", "-O2"], "int main(){}"));
        Assert.NotEqual(key, CompileCache.Key("cpp", "12.3.0", ["g++", "-O2"], "int main(){}"));
        Assert.NotEqual(key, CompileCache.Key("cpp", "12.2.0", ["g++", "-O3"], "int main(){}"));
        Assert.NotEqual(key, CompileCache.Key("cpp", "12.2.0", ["g++", "-O2"], "int main(){ }"));
        Assert.NotEqual(CompileCache.Key("a", "b", ["c"], "d"), CompileCache.Key("a", "b", [], "c\0d"));
        Assert.Matches("^[0-9a-f]{64}$", key);
    }

    [Fact]
    public void A_stored_compile_is_restored_with_its_files_and_output()
    {
        var cache = new CompileCache(_temp.Sub("cache"), 1 << 20);
        var artifacts = Artifacts("a", "main", 100);
        cache.Store("k1", artifacts, "warning: x");

        var restored = _temp.Sub("restored");
        Assert.Equal("warning: x", cache.TryRestore("k1", restored));
        Assert.Equal(100, new FileInfo(Path.Combine(restored, "main")).Length);
        Assert.Null(cache.TryRestore("k2", _temp.Sub("miss")));
    }

    [Fact]
    public void Least_recently_used_entries_are_evicted_beyond_the_cap()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cache = new CompileCache(_temp.Sub("cache"), capBytes: 2500, clock);
        cache.Store("old", Artifacts("1", "main", 1000), "");
        clock.Advance(TimeSpan.FromMinutes(1));
        cache.Store("used", Artifacts("2", "main", 1000), "");
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.NotNull(cache.TryRestore("old", _temp.Sub("r1"))); // "old" is now the most recently used
        clock.Advance(TimeSpan.FromMinutes(1));
        cache.Store("new", Artifacts("3", "main", 1000), "");

        Assert.NotNull(cache.TryRestore("old", _temp.Sub("r2")));
        Assert.Null(cache.TryRestore("used", _temp.Sub("r3")));
        Assert.NotNull(cache.TryRestore("new", _temp.Sub("r4")));
        Assert.True(cache.SizeBytes() <= 2500);
    }

    [Fact]
    public void Storing_the_same_key_twice_keeps_one_entry()
    {
        var root = _temp.Sub("cache");
        var cache = new CompileCache(root, 1 << 20);
        cache.Store("k", Artifacts("a", "main", 10), "");
        cache.Store("k", Artifacts("b", "main", 10), "");
        Assert.Single(Directory.GetDirectories(root));
    }

    private string Artifacts(string name, string file, int bytes)
    {
        var directory = _temp.Sub("artifacts-" + name);
        File.WriteAllBytes(Path.Combine(directory, file), new byte[bytes]);
        return directory;
    }
}
