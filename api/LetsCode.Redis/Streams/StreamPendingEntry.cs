namespace LetsCode.Redis.Streams;

/// <summary>XPENDING extended form: one unacknowledged entry, its owner, idle time and delivery count.</summary>
public sealed record StreamPendingEntry(string Id, string Consumer, TimeSpan Idle, long DeliveryCount);
