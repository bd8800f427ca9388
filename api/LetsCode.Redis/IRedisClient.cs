using LetsCode.Redis.Protocol;
using LetsCode.Redis.PubSub;
using LetsCode.Redis.Streams;

namespace LetsCode.Redis;

/// <summary>
/// What the API uses from Redis. Commands from any number of threads are pipelined on one connection; blocking
/// reads and pub/sub get connections of their own. Errors: <see cref="RedisServerException"/> (the server said no,
/// with its message), <see cref="RedisConnectionException"/> (no connection, or lost with the command in flight),
/// <see cref="RedisTimeoutException"/>, <see cref="OperationCanceledException"/>.
/// </summary>
public interface IRedisClient : IAsyncDisposable
{
    /// <summary>True while the multiplexed connection is up (for readiness probes).</summary>
    bool IsConnected { get; }

    // ---- raw ----

    /// <summary>Any command, e.g. <c>ExecuteAsync("LPUSH", "k", "v")</c>. Error replies throw.</summary>
    Task<RespValue> ExecuteAsync(params object[] args);

    Task<RespValue> ExecuteAsync(IReadOnlyList<object> args, CancellationToken cancellationToken);

    /// <summary>A command that may block on the server up to <paramref name="blockTime"/> (BLPOP, XREAD BLOCK); runs on its own connection.</summary>
    Task<RespValue> ExecuteBlockingAsync(IReadOnlyList<object> args, TimeSpan blockTime, CancellationToken cancellationToken = default);

    /// <summary>PING; returns the round trip.</summary>
    Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default);

    // ---- keys and strings ----

    Task<RedisValue> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>SET with optional EX/PX and NX. Returns false only when <paramref name="onlyIfNotExists"/> prevented the write.</summary>
    Task<bool> SetAsync(string key, RedisValue value, TimeSpan? expiry = null, bool onlyIfNotExists = false, CancellationToken cancellationToken = default);

    /// <summary>DEL; returns how many keys existed.</summary>
    Task<long> DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    /// <summary>EXPIRE (PEXPIRE for sub-second precision); false when the key does not exist.</summary>
    Task<bool> ExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default);

    /// <summary>INCR / INCRBY; returns the new value.</summary>
    Task<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default);

    // ---- hashes ----

    /// <summary>HSET of several fields; returns how many were new.</summary>
    Task<long> HashSetAsync(string key, IReadOnlyList<KeyValuePair<string, RedisValue>> fields, CancellationToken cancellationToken = default);

    Task<RedisValue> HashGetAsync(string key, string field, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, RedisValue>> HashGetAllAsync(string key, CancellationToken cancellationToken = default);

    // ---- sorted sets ----

    /// <summary>ZADD; true when the member was added (false when only its score changed).</summary>
    Task<bool> SortedSetAddAsync(string key, RedisValue member, double score, CancellationToken cancellationToken = default);

    /// <summary>ZRANK (0-based, lowest score first); null when the member is absent.</summary>
    Task<long?> SortedSetRankAsync(string key, RedisValue member, CancellationToken cancellationToken = default);

    /// <summary>ZCARD.</summary>
    Task<long> SortedSetLengthAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>ZREM; true when the member existed.</summary>
    Task<bool> SortedSetRemoveAsync(string key, RedisValue member, CancellationToken cancellationToken = default);

    // ---- scripts ----

    /// <summary>Runs a Lua script atomically (EVALSHA, falling back to EVAL when the server does not have it cached).</summary>
    Task<RespValue> EvalAsync(string script, IReadOnlyList<string> keys, IReadOnlyList<object> args, CancellationToken cancellationToken = default);

    // ---- streams ----

    /// <summary>XADD with an auto id; trims to about <paramref name="maxLengthApprox"/> entries (MAXLEN ~) when given. Returns the id.</summary>
    Task<string> StreamAddAsync(string key, IReadOnlyList<KeyValuePair<string, RedisValue>> fields, long? maxLengthApprox = null, CancellationToken cancellationToken = default);

    /// <summary>XGROUP CREATE ... MKSTREAM; false when the group already exists (BUSYGROUP).</summary>
    Task<bool> StreamCreateGroupAsync(string key, string group, string startId = "$", CancellationToken cancellationToken = default);

    /// <summary>
    /// XREADGROUP for one stream. <paramref name="startId"/> "&gt;" reads new entries; any other id re-reads this
    /// consumer's pending entries after it. With <paramref name="block"/> it runs on a blocking connection and
    /// returns an empty list when nothing arrived in time.
    /// </summary>
    Task<IReadOnlyList<StreamEntry>> StreamReadGroupAsync(string key, string group, string consumer, string startId = ">", int? count = null, TimeSpan? block = null, CancellationToken cancellationToken = default);

    /// <summary>XACK; returns how many ids were pending.</summary>
    Task<long> StreamAckAsync(string key, string group, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>XPENDING summary form.</summary>
    Task<StreamPendingSummary> StreamPendingAsync(string key, string group, CancellationToken cancellationToken = default);

    /// <summary>XPENDING extended form: [IDLE min] start end count [consumer].</summary>
    Task<IReadOnlyList<StreamPendingEntry>> StreamPendingEntriesAsync(string key, string group, int count, string start = "-", string end = "+", string? consumer = null, TimeSpan? minIdle = null, CancellationToken cancellationToken = default);

    /// <summary>XAUTOCLAIM: take over entries idle for at least <paramref name="minIdle"/> (a crashed consumer's).</summary>
    Task<StreamAutoClaimResult> StreamAutoClaimAsync(string key, string group, string consumer, TimeSpan minIdle, string startId = "0-0", int count = 100, CancellationToken cancellationToken = default);

    /// <summary>XRANGE start end [COUNT n] ("-" and "+" are the ends; "(" before an id excludes it).</summary>
    Task<IReadOnlyList<StreamEntry>> StreamRangeAsync(string key, string start = "-", string end = "+", int? count = null, CancellationToken cancellationToken = default);

    /// <summary>XLEN.</summary>
    Task<long> StreamLengthAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>XDEL; returns how many entries existed.</summary>
    Task<long> StreamDeleteAsync(string key, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>XINFO GROUPS.</summary>
    Task<IReadOnlyList<StreamGroupInfo>> StreamGroupsAsync(string key, CancellationToken cancellationToken = default);

    // ---- pub/sub ----

    /// <summary>PUBLISH; returns how many subscribers (on this server) received it.</summary>
    Task<long> PublishAsync(string channel, RedisValue message, CancellationToken cancellationToken = default);

    /// <summary>
    /// SUBSCRIBE (or PSUBSCRIBE when <paramref name="isPattern"/>). Completes once the server confirmed it.
    /// With a handler, messages are passed to it one at a time; without, read them with
    /// <see cref="RedisSubscription.ReadAllAsync"/>. Survives reconnects. Dispose to unsubscribe.
    /// </summary>
    Task<RedisSubscription> SubscribeAsync(string channel, Func<RedisMessage, CancellationToken, Task>? handler = null, bool isPattern = false, CancellationToken cancellationToken = default);
}
