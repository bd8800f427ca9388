using LetsCode.Redis.Tests.Fixtures;
using LetsCode.Testing.Redis;

namespace LetsCode.Redis.Tests.Commands;

public sealed class CommandTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;

    public CommandTests(RedisServerFixture redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task Set_get_delete_and_missing_keys()
    {
        await using var client = await _redis.ConnectAsync();
        var key = RedisServerFixture.Key("str");

        Assert.True((await client.GetAsync(key)).IsNull);
        Assert.True(await client.SetAsync(key, "v1"));
        Assert.Equal("v1", (await client.GetAsync(key)).ToString());
        Assert.Equal(1, await client.DeleteAsync([key, key + ":absent"]));
        Assert.True((await client.GetAsync(key)).IsNull);
    }

    [Fact]
    public async Task Set_with_nx_only_writes_once_and_with_ex_expires()
    {
        await using var client = await _redis.ConnectAsync();
        var key = RedisServerFixture.Key("nx");

        Assert.True(await client.SetAsync(key, "first", TimeSpan.FromSeconds(100), onlyIfNotExists: true));
        Assert.False(await client.SetAsync(key, "second", onlyIfNotExists: true));
        Assert.Equal("first", (await client.GetAsync(key)).ToString());
        Assert.InRange((await client.ExecuteAsync("TTL", key)).AsInt64(), 90, 100);

        var shortLived = RedisServerFixture.Key("px");
        await client.SetAsync(shortLived, "x", TimeSpan.FromMilliseconds(50));
        await Task.Delay(150);
        Assert.True((await client.GetAsync(shortLived)).IsNull);
    }

    [Fact]
    public async Task Expire_and_increment()
    {
        await using var client = await _redis.ConnectAsync();
        var key = RedisServerFixture.Key("counter");

        Assert.False(await client.ExpireAsync(key, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, await client.IncrementAsync(key));
        Assert.Equal(11, await client.IncrementAsync(key, 10));
        Assert.Equal(6, await client.IncrementAsync(key, -5));
        Assert.True(await client.ExpireAsync(key, TimeSpan.FromSeconds(60)));
        Assert.InRange((await client.ExecuteAsync("PTTL", key)).AsInt64(), 50_000, 60_000);
    }

    [Fact]
    public async Task Values_are_binary_safe_in_strings_and_hashes()
    {
        await using var client = await _redis.ConnectAsync();
        var key = RedisServerFixture.Key("bin");
        var value = new byte[70_000];
        new Random(7).NextBytes(value);
        value[0] = 0;
        value[1] = (byte)'\r';
        value[2] = (byte)'\n';

        await client.SetAsync(key, value);
        Assert.Equal(value, (await client.GetAsync(key)).ToArray());

        var hash = RedisServerFixture.Key("binhash");
        await client.HashSetAsync(hash, [new("blob", value)]);
        Assert.Equal(value, (await client.HashGetAsync(hash, "blob")).ToArray());
    }

    [Fact]
    public async Task Large_values_round_trip_while_other_commands_interleave()
    {
        await using var client = await _redis.ConnectAsync();
        var key = RedisServerFixture.Key("large");
        var value = new byte[8 * 1024 * 1024];
        new Random(11).NextBytes(value);

        var write = client.SetAsync(key, value);
        var pings = Enumerable.Range(0, 50).Select(_ => client.PingAsync()).ToList();
        await write;
        await Task.WhenAll(pings);

        Assert.Equal(value, (await client.GetAsync(key)).ToArray());
    }

    [Fact]
    public async Task Hashes_set_get_and_get_all()
    {
        await using var client = await _redis.ConnectAsync();
        var key = RedisServerFixture.Key("hash");

        Assert.Equal(2, await client.HashSetAsync(key, [new("status", "Queued"), new("lang", "python3")]));
        Assert.Equal(0, await client.HashSetAsync(key, [new("status", "Running")]));
        Assert.Equal("Running", (await client.HashGetAsync(key, "status")).ToString());
        Assert.True((await client.HashGetAsync(key, "nope")).IsNull);

        var all = await client.HashGetAllAsync(key);
        Assert.Equal(2, all.Count);
        Assert.Equal("python3", all["lang"].ToString());
        Assert.Empty(await client.HashGetAllAsync(key + ":absent"));
    }

    [Fact]
    public async Task Sorted_sets_rank_members_by_score()
    {
        await using var client = await _redis.ConnectAsync();
        var key = RedisServerFixture.Key("zset");

        Assert.True(await client.SortedSetAddAsync(key, "b", 2));
        Assert.True(await client.SortedSetAddAsync(key, "a", 1));
        Assert.True(await client.SortedSetAddAsync(key, "c", 3.5));
        Assert.False(await client.SortedSetAddAsync(key, "c", 0.5));

        Assert.Equal(0, await client.SortedSetRankAsync(key, "c"));
        Assert.Equal(2, await client.SortedSetRankAsync(key, "b"));
        Assert.Null(await client.SortedSetRankAsync(key, "zzz"));
        Assert.Equal(3, await client.SortedSetLengthAsync(key));
        Assert.True(await client.SortedSetRemoveAsync(key, "a"));
        Assert.False(await client.SortedSetRemoveAsync(key, "a"));
        Assert.Equal(2, await client.SortedSetLengthAsync(key));
    }

    [Fact]
    public async Task Eval_runs_atomically_and_survives_a_script_cache_flush()
    {
        await using var client = await _redis.ConnectAsync();
        var key = RedisServerFixture.Key("eval");
        const string script = "local v = redis.call('INCRBY', KEYS[1], ARGV[1]); return {v, ARGV[2]}";

        var first = (await client.EvalAsync(script, [key], [5, "tag"])).AsArray()!;
        Assert.Equal(5, first[0].AsInt64());
        Assert.Equal("tag", first[1].AsString());

        await client.ExecuteAsync("SCRIPT", "FLUSH");
        var second = (await client.EvalAsync(script, [key], [2, "again"])).AsArray()!;
        Assert.Equal(7, second[0].AsInt64());
    }

    [Fact]
    public async Task Server_errors_surface_with_the_servers_message()
    {
        await using var client = await _redis.ConnectAsync();
        var key = RedisServerFixture.Key("err");
        await client.SetAsync(key, "not a number");

        var notInteger = await Assert.ThrowsAsync<RedisServerException>(() => client.IncrementAsync(key));
        Assert.Equal("ERR value is not an integer or out of range", notInteger.Message);

        var wrongType = await Assert.ThrowsAsync<RedisServerException>(() => client.HashGetAsync(key, "f"));
        Assert.Equal("WRONGTYPE", wrongType.ErrorCode);

        var unknown = await Assert.ThrowsAsync<RedisServerException>(() => client.ExecuteAsync("NOSUCHCOMMAND", "x"));
        Assert.StartsWith("ERR unknown command 'NOSUCHCOMMAND'", unknown.Message, StringComparison.Ordinal);

        var scriptError = await Assert.ThrowsAsync<RedisServerException>(() => client.EvalAsync("return redis.error_reply('MYERR custom')", [], []));
        Assert.Equal("MYERR custom", scriptError.Message);

        // The connection is still fine after errors.
        Assert.True(await client.PingAsync() < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Bad_arguments_fail_in_the_caller_without_touching_the_connection()
    {
        await using var client = await _redis.ConnectAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => client.ExecuteAsync("SET", "k", new object()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SetAsync("k", RedisValue.Null));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ExpireAsync("k", TimeSpan.Zero));
        Assert.Equal("PONG", (await client.ExecuteAsync("PING")).AsString());
    }

    [Theory]
    [InlineData("SELECT", "db=")]
    [InlineData("subscribe", "SubscribeAsync")]
    [InlineData("MULTI", "EvalAsync")]
    [InlineData("BLPOP", "ExecuteBlockingAsync")]
    public async Task Commands_that_would_break_the_shared_connection_are_refused_with_the_alternative(string command, string hint)
    {
        await using var client = await _redis.ConnectAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.ExecuteAsync(command, "x", 0));
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => client.ExecuteAsync("XREADGROUP", "GROUP", "g", "c", "BLOCK", 0, "STREAMS", "s", ">"));

        var list = RedisServerFixture.Key("list");
        await client.ExecuteAsync("RPUSH", list, "item");
        var popped = await client.ExecuteBlockingAsync(["BLPOP", list, 1], TimeSpan.FromSeconds(1));
        Assert.Equal("item", popped.AsArray()![1].AsString());
    }
}
