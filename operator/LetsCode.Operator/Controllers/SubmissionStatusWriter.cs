using System.Text.Json;
using System.Text.Json.Nodes;
using LetsCode.Judge.Model;
using LetsCode.Kubernetes.Client;
using LetsCode.Operator.Resources;

namespace LetsCode.Operator.Controllers;

/// <summary>
/// Status writes of a Submission, always as a merge patch carrying the resourceVersion we decided on: a decision
/// made from a stale view is refused by the server (409) instead of overwriting a newer one. This is what makes
/// "finished exactly once" hold even when caches lag or two operators overlap.
/// </summary>
public sealed class SubmissionStatusWriter(IResourceClient<Submission> submissions)
{
    public async Task<Submission> PatchAsync(Submission submission, JsonObject status, CancellationToken cancellationToken)
    {
        status["observedGeneration"] = submission.Metadata.Generation;
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = submission.Metadata.ResourceVersion },
            ["status"] = status,
        };
        return await submissions.PatchStatusAsync(submission.Metadata.Namespace, submission.Metadata.Name!, Patch.Merge(patch), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Characters of stdout and of stderr kept per test with spec.captureOutput (the runner already keeps 4 KiB).</summary>
    public const int CapturedOutputLimit = 4096;

    /// <summary>
    /// Characters of captured output kept over all tests of one resource: with 1000 tests the per-test limit alone would
    /// make an 8 MiB status, far over etcd's object limit (1.5 MiB). Tests past the budget carry no output.
    /// </summary>
    public const int CapturedOutputBudget = 64 * 1024;

    /// <summary>
    /// The final status from a runner result: Succeeded with the verdict, or Failed for InternalError. With
    /// <paramref name="captureOutput"/> (spec.captureOutput) each test also carries its truncated stdout and stderr.
    /// </summary>
    public static JsonObject Finished(
        JudgeResult result, DateTimeOffset now, IReadOnlyList<ResourceCondition>? conditions, long? generation, bool captureOutput = false)
    {
        var failed = result.Verdict == Verdict.InternalError;
        var budget = captureOutput ? CapturedOutputBudget : 0;
        var status = new SubmissionStatus
        {
            Phase = failed ? SubmissionPhase.Failed : SubmissionPhase.Succeeded,
            Verdict = result.Verdict.ToString(),
            Message = failed ? result.Error ?? "the judge reported an internal error" : $"{result.Passed}/{result.Total} tests passed",
            Passed = result.Passed,
            Total = result.Total,
            MaxTimeMs = result.MaxTimeMs,
            MaxMemoryKiB = result.MaxMemoryKiB,
            CompileOutput = result.Compile.Output is { Length: > 0 } output ? Clip(output, 4096) : null,
            Tests = [.. result.Tests.Select(t => new SubmissionTestSummary
            {
                Name = t.Name,
                Verdict = t.Verdict.ToString(),
                TimeMs = t.TimeMs,
                WallTimeMs = t.WallTimeMs,
                MemoryKiB = t.MemoryKiB,
                ExitCode = t.ExitCode,
                Signal = t.Signal,
                CheckerMessage = t.CheckerMessage is { } m ? Clip(m, 512) : null,
                Stdout = captureOutput ? Capture(t.Stdout, ref budget) : null,
                Stderr = captureOutput ? Capture(t.Stderr, ref budget) : null,
            })],
            CompletionTime = now,
            Conditions = Conditions.Set(conditions, "Complete", true, result.Verdict.ToString(), "judged", generation, now),
        };
        return ToNode(status);
    }

    public static JsonObject FailedInternally(string message, DateTimeOffset now, IReadOnlyList<ResourceCondition>? conditions, long? generation) =>
        ToNode(new SubmissionStatus
        {
            Phase = SubmissionPhase.Failed,
            Verdict = nameof(Verdict.InternalError),
            Message = Clip(message, 2048),
            CompletionTime = now,
            Conditions = Conditions.Set(conditions, "Complete", true, nameof(Verdict.InternalError), Clip(message, 1024), generation, now),
        });

    public static JsonObject ToNode(SubmissionStatus status) =>
        (JsonObject)JsonSerializer.SerializeToNode(status, OperatorJsonContext.Default.SubmissionStatus)!;

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "...";

    /// <summary>
    /// Program output cut to the per-test limit and what is left of the budget, without a marker (it is the program's
    /// output, not ours) and never inside a surrogate pair.
    /// </summary>
    private static string Capture(string? text, ref int budget)
    {
        text ??= "";
        var length = Math.Min(text.Length, Math.Min(CapturedOutputLimit, Math.Max(0, budget)));
        if (length > 0 && length < text.Length && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }
        budget -= length;
        return text[..length];
    }
}
