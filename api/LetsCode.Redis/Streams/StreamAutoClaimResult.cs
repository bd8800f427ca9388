namespace LetsCode.Redis.Streams;

/// <summary>
/// XAUTOCLAIM reply: entries now owned by the caller, the cursor to pass as the next start (<c>0-0</c> when the
/// scan is complete), and ids of pending entries that no longer exist (XDEL'd or trimmed): Redis drops those from
/// the pending list on any scan, whatever their idle time (7.0+), so the caller should settle them (e.g. mark the
/// submission for the sweeper) right away.
/// </summary>
public sealed record StreamAutoClaimResult(
    string NextStartId, IReadOnlyList<StreamEntry> Entries, IReadOnlyList<string> DeletedIds)
{
    public bool IsScanComplete => NextStartId == "0-0";
}
