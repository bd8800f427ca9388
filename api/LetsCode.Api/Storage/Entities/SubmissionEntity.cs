namespace LetsCode.Api.Storage.Entities;

/// <summary>A submission and its outcome. Status moves Queued -> Running -> Completed|Failed, guarded by Attempt.</summary>
public sealed class SubmissionEntity
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string ProblemId { get; set; } = "";
    public string Language { get; set; } = "";
    public string Code { get; set; } = "";
    public bool IsCustomTest { get; set; }
    public SubmissionStatus Status { get; set; }
    /// <summary>Arrival order (Unix ms * 1000 + tiebreak); queue position counts queued rows before this one.</summary>
    public long QueuedAt { get; set; }
    /// <summary>Incremented on every claim; only the holder of the current attempt may write results.</summary>
    public int Attempt { get; set; }
    public int TotalTests { get; set; }
    public int CurrentTest { get; set; }
    /// <summary>One of the judge's eight verdict names once judged.</summary>
    public string? Verdict { get; set; }
    public int Passed { get; set; }
    public long MaxTimeMs { get; set; }
    public long MaxMemoryKiB { get; set; }
    public string? CompileOutput { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public List<SubmissionTestEntity> TestResults { get; set; } = [];
}

public enum SubmissionStatus { Queued, Running, Completed, Failed }
