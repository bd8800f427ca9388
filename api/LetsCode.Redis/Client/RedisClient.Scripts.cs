using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LetsCode.Redis.Protocol;

namespace LetsCode.Redis;

/// <summary>Lua scripts: EVALSHA first (the script body is sent once per server), EVAL on NOSCRIPT.</summary>
public sealed partial class RedisClient
{
    private readonly ConcurrentDictionary<string, string> _scriptHashes = new(StringComparer.Ordinal);

    public async Task<RespValue> EvalAsync(string script, IReadOnlyList<string> keys, IReadOnlyList<object> args, CancellationToken cancellationToken = default)
    {
        var sha = _scriptHashes.GetOrAdd(script, ScriptHash);
        try
        {
            return await ExecuteAsync(ScriptCommand("EVALSHA", sha, keys, args), cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.ErrorCode == "NOSCRIPT")
        {
            // First use on this server, or its script cache was flushed/restarted: EVAL also caches it again.
            return await ExecuteAsync(ScriptCommand("EVAL", script, keys, args), cancellationToken).ConfigureAwait(false);
        }
    }

    private static List<object> ScriptCommand(string command, string scriptOrSha, IReadOnlyList<string> keys, IReadOnlyList<object> args)
    {
        var list = new List<object>(3 + keys.Count + args.Count) { command, scriptOrSha, keys.Count };
        list.AddRange(keys);
        list.AddRange(args);
        return list;
    }

    /// <summary>Redis names cached scripts by SHA-1 of their text; this is an identifier, not a security use.</summary>
#pragma warning disable CA5350 // SHA-1 is what the Redis protocol specifies for EVALSHA.
    private static string ScriptHash(string script) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(script)));
#pragma warning restore CA5350
}
