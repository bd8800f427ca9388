namespace LetsCode.Api.Storage;

/// <summary>A stored blob as a listing reports it: its hash, length, and when its content was last stored (put).</summary>
public sealed record ListedBlob(string Sha256, long Bytes, DateTimeOffset StoredAt);
