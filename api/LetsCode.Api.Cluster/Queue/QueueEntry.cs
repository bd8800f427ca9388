namespace LetsCode.Api.Cluster.Queue;

/// <summary>A submission waiting in a language's queue: its id and arrival sequence (the row's QueuedAt).</summary>
public sealed record QueuedSubmission(Guid Id, string Language, long Sequence);

/// <summary>
/// One stream entry handed to this replica's dispatcher. It stays pending (owned by this consumer) until
/// acknowledged; if this replica dies first, another takes it over after the claim idle time.
/// </summary>
public sealed record QueueEntry(string Language, string EntryId, Guid SubmissionId);
