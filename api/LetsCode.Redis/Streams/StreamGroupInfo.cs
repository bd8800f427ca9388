namespace LetsCode.Redis.Streams;

/// <summary>One row of XINFO GROUPS. <see cref="Lag"/> and <see cref="EntriesRead"/> are null when Redis cannot tell (or is older than 7.0).</summary>
public sealed record StreamGroupInfo(
    string Name, long Consumers, long Pending, string LastDeliveredId, long? EntriesRead, long? Lag);
