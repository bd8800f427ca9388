namespace LetsCode.Redis.PubSub;

/// <summary>A pub/sub message; <see cref="Pattern"/> is set when it matched a pattern subscription.</summary>
public sealed record RedisMessage(string Channel, RedisValue Payload, string? Pattern = null);
