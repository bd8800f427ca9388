using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Resources;
using ResourcePhase = LetsCode.Operator.Resources.SubmissionPhase;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// Translates between the API's view of a Submission resource (<see cref="SubmissionResourceSpec"/>,
/// <see cref="SubmissionResourceStatus"/>) and the operator's model of the custom resource (crds/submission.yaml).
/// Pure.
/// </summary>
public static class SubmissionResourceMapper
{
    public static Submission ToResource(SubmissionResourceSpec spec, string @namespace, SubmissionResourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        return new Submission
        {
            Metadata = new ObjectMeta
            {
                Name = spec.Name,
                Namespace = @namespace,
                Labels = SubmissionLabels.For(spec.Language, (SubmissionLabels.SubmissionId, spec.SubmissionId.ToString("N"))),
            },
            Spec = new SubmissionSpec
            {
                Language = spec.Language,
                Source = spec.Source,
                // The suite by content hash: the resource stays a few KiB whatever the tests weigh, and the operator
                // caches suites by hash (a changed problem has a new hash, so a cached suite is never stale).
                TestsRef = new TestsReference { ProblemId = spec.ProblemId, Sha256 = spec.SuiteSha256 },
                Limits = spec.Limits,
                Checker = spec.Checker,
                StopOnFirstFailure = spec.StopOnFirstFailure,
                Priority = Math.Clamp(options.Priority, -100, 100),
                TtlSecondsAfterFinished = Math.Max(0, options.TtlSecondsAfterFinished),
            },
        };
    }

    /// <summary>The submission id a resource belongs to: from its name (ours are "sub-" + id), else its label; null when neither.</summary>
    public static Guid? SubmissionIdOf(Submission resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.Metadata.Name is { } name && ResourceNames.TryParse(name, out var fromName))
        {
            return fromName;
        }
        return resource.Metadata.Labels?.GetValueOrDefault(SubmissionLabels.SubmissionId) is { } label && Guid.TryParseExact(label, "N", out var fromLabel)
            ? fromLabel
            : null;
    }

    /// <summary>The API's view of the resource's status; null for resources that are not an API submission's.</summary>
    public static SubmissionResourceStatus? ToStatus(Submission resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (SubmissionIdOf(resource) is not { } id)
        {
            return null;
        }
        var status = resource.Status;
        return new SubmissionResourceStatus
        {
            Name = resource.Metadata.Name ?? "",
            SubmissionId = id,
            Phase = PhaseOf(status?.Phase),
            Verdict = status?.Verdict,
            Message = status?.Message,
            Passed = status?.Passed ?? 0,
            Total = status?.Total ?? 0,
            MaxTimeMs = status?.MaxTimeMs ?? 0,
            MaxMemoryKiB = status?.MaxMemoryKiB ?? 0,
            CompileOutput = status?.CompileOutput,
            Tests = status?.Tests?.Select(ToTest).ToList() ?? [],
        };
    }

    /// <summary>Not finished: holds a sandbox pod or waits for one (no status yet counts as Pending).</summary>
    public static bool IsActive(Submission resource) => !ResourcePhase.IsFinished(resource.Status?.Phase);

    /// <summary>
    /// An unknown phase reads as Pending (not finished): a newer operator's phase must not be taken for a verdict.
    /// </summary>
    public static Dispatch.SubmissionPhase PhaseOf(string? phase) => phase switch
    {
        ResourcePhase.Running => Dispatch.SubmissionPhase.Running,
        ResourcePhase.Succeeded => Dispatch.SubmissionPhase.Succeeded,
        ResourcePhase.Failed => Dispatch.SubmissionPhase.Failed,
        _ => Dispatch.SubmissionPhase.Pending,
    };

    private static ResourceTestResult ToTest(SubmissionTestSummary test) => new(
        test.Name ?? "",
        test.Verdict ?? "",
        test.TimeMs ?? 0,
        test.WallTimeMs ?? 0,
        test.MemoryKiB ?? 0,
        test.ExitCode,
        test.Signal,
        test.CheckerMessage);
}
