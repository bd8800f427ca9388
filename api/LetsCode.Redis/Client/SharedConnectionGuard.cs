using System.Collections.Frozen;

namespace LetsCode.Redis;

/// <summary>
/// Commands that would break the shared, multiplexed connection for every other caller: ones that change its state
/// (SELECT, AUTH), switch it into another mode (SUBSCRIBE, MONITOR), span several calls (MULTI/EXEC, interleaved
/// with other callers' commands), or block it (BLPOP, XREAD ... BLOCK). Rejected before anything is sent, with the
/// alternative in the message.
/// </summary>
internal static class SharedConnectionGuard
{
    private static readonly FrozenDictionary<string, string> Refused = new Dictionary<string, string>
    {
        ["SUBSCRIBE"] = "use SubscribeAsync",
        ["PSUBSCRIBE"] = "use SubscribeAsync(isPattern: true)",
        ["SSUBSCRIBE"] = "sharded pub/sub is not supported",
        ["UNSUBSCRIBE"] = "dispose the RedisSubscription",
        ["PUNSUBSCRIBE"] = "dispose the RedisSubscription",
        ["MONITOR"] = "it takes over the connection",
        ["SELECT"] = "set db= in the connection string",
        ["AUTH"] = "set password= in the connection string",
        ["HELLO"] = "this client speaks RESP2",
        ["RESET"] = "it would reset the shared connection",
        ["QUIT"] = "dispose the client",
        ["MULTI"] = "other callers' commands would interleave; use EvalAsync for atomic scripts",
        ["EXEC"] = "use EvalAsync for atomic scripts",
        ["WATCH"] = "use EvalAsync for atomic scripts",
        ["DISCARD"] = "use EvalAsync for atomic scripts",
        ["BLPOP"] = "use ExecuteBlockingAsync",
        ["BRPOP"] = "use ExecuteBlockingAsync",
        ["BRPOPLPUSH"] = "use ExecuteBlockingAsync",
        ["BLMOVE"] = "use ExecuteBlockingAsync",
        ["BLMPOP"] = "use ExecuteBlockingAsync",
        ["BZPOPMIN"] = "use ExecuteBlockingAsync",
        ["BZPOPMAX"] = "use ExecuteBlockingAsync",
        ["BZMPOP"] = "use ExecuteBlockingAsync",
        ["WAIT"] = "use ExecuteBlockingAsync",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException">The command must not run on the shared connection.</exception>
    public static void EnsureAllowed(IReadOnlyList<object> args)
    {
        if (args.Count == 0 || args[0] is not string name)
        {
            return;
        }

        if (Refused.TryGetValue(name, out var instead))
        {
            throw new ArgumentException($"{name.ToUpperInvariant()} cannot run on the shared connection: {instead}.", nameof(args));
        }

        if ((name.Equals("XREAD", StringComparison.OrdinalIgnoreCase) || name.Equals("XREADGROUP", StringComparison.OrdinalIgnoreCase))
            && args.Any(a => a is string s && s.Equals("BLOCK", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"{name.ToUpperInvariant()} with BLOCK cannot run on the shared connection: use ExecuteBlockingAsync.", nameof(args));
        }
    }
}
