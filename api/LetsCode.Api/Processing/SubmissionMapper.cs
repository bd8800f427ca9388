using LetsCode.Api.Contracts;
using LetsCode.Api.Storage.Entities;
using LetsCode.Judge.Model;

namespace LetsCode.Api.Processing;

/// <summary>Entity and judge types to API documents. Pure.</summary>
public static class SubmissionMapper
{
    public static SubmissionDocument ToDocument(SubmissionEntity s, IEnumerable<SubmissionTestEntity> tests, int? queuePosition) => new()
    {
        Id = s.Id,
        UserId = s.UserId,
        ProblemId = s.ProblemId,
        Language = s.Language,
        IsCustomTest = s.IsCustomTest,
        Status = s.Status.ToString(),
        QueuePosition = s.Status == SubmissionStatus.Queued ? queuePosition : null,
        CurrentTest = s.CurrentTest,
        TotalTests = s.TotalTests,
        Verdict = VerdictOf(s),
        TestResults = tests.Where(t => t.Attempt == s.Attempt).OrderBy(t => t.Index).Select(ToDocument).ToList(),
        CreatedAt = s.CreatedAt,
        StartedAt = s.StartedAt,
        CompletedAt = s.CompletedAt,
    };

    public static VerdictDocument? VerdictOf(SubmissionEntity s) => s.Verdict is null ? null : new VerdictDocument
    {
        Status = s.Verdict,
        Passed = s.Passed,
        Total = s.TotalTests,
        MaxTimeMs = s.MaxTimeMs,
        MaxMemoryKiB = s.MaxMemoryKiB,
        CompileOutput = string.IsNullOrEmpty(s.CompileOutput) ? null : s.CompileOutput,
        Message = s.Message,
    };

    public static TestResultDocument ToDocument(SubmissionTestEntity t) => new()
    {
        Index = t.Index,
        Name = t.Name,
        Verdict = t.Verdict,
        TimeMs = t.TimeMs,
        WallTimeMs = t.WallTimeMs,
        MemoryKiB = t.MemoryKiB,
        ExitCode = t.ExitCode,
        Signal = t.Signal,
        Stdout = t.Stdout,
        Stderr = t.Stderr,
        CheckerMessage = t.CheckerMessage,
    };

    public static SubmissionTestEntity ToEntity(Guid submissionId, int attempt, int index, TestResult r, bool visible) => new()
    {
        SubmissionId = submissionId,
        Attempt = attempt,
        Index = index,
        Name = r.Name,
        Verdict = r.Verdict.ToString(),
        TimeMs = r.TimeMs,
        WallTimeMs = r.WallTimeMs,
        MemoryKiB = r.MemoryKiB,
        ExitCode = r.ExitCode,
        Signal = r.Signal,
        Stdout = visible ? r.Stdout : null,
        Stderr = visible ? r.Stderr : null,
        CheckerMessage = visible ? r.CheckerMessage : null,
    };
}
