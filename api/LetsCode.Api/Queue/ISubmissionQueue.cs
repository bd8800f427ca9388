namespace LetsCode.Api.Queue;

/// <summary>
/// Hands submission ids to workers. The database row is the durable record (stored before the id is enqueued, and
/// re-enqueued at start-up), so a queue may lose its contents on a crash without losing a submission; a worker
/// claims the row before judging, so an id delivered twice is judged once.
/// </summary>
public interface ISubmissionQueue
{
    ValueTask EnqueueAsync(Guid submissionId, CancellationToken cancellationToken);

    /// <summary>Waits for the next id.</summary>
    ValueTask<Guid> DequeueAsync(CancellationToken cancellationToken);

    /// <summary>Ids waiting for a worker.</summary>
    int Depth { get; }
}
