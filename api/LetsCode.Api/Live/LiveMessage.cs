using LetsCode.Api.Contracts;

namespace LetsCode.Api.Live;

/// <summary>One WebSocket message: <c>{"type": ..., "data": {...}}</c>.</summary>
public sealed record LiveMessage(string Type, object Data)
{
    public const string StatusUpdate = "status_update";
    public const string SystemStatus = "system_status";

    public static LiveMessage Status(StatusUpdateData data) => new(StatusUpdate, data);

    public static LiveMessage System(SystemStatusData data) => new(SystemStatus, data);
}

/// <summary>
/// Progress of one submission. <c>currentTest</c> is 1-based (the test just started or finished, 0 before the first);
/// <c>testResult</c> is set when a test finished; <c>verdict</c> only on the last message (status Completed or Failed).
/// </summary>
public sealed record StatusUpdateData(
    Guid SubmissionId,
    string Status,
    int CurrentTest,
    int TotalTests,
    TestResultDocument? TestResult,
    VerdictDocument? Verdict);

public sealed record SystemStatusData(int QueueDepth, int ActiveWorkers, double AvgExecutionTime, int Workers);
