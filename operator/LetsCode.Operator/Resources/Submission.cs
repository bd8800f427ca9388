using System.Text.Json.Serialization;
using LetsCode.Judge.Model;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Operator.Resources;

/// <summary>
/// letscode.dev/v1alpha1 Submission: one judging job (crds/submission.yaml). The spec reuses the runner contract's
/// types (TestCase, Limits, CheckerSpec) so the job handed to the runner is the spec, not a translation of it.
/// </summary>
public sealed class Submission : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = LetsCodeResources.ApiVersion;
    public string? Kind { get; set; } = "Submission";
    public ObjectMeta Metadata { get; set; } = new();
    public SubmissionSpec Spec { get; set; } = new();
    public SubmissionStatus? Status { get; set; }
}

public sealed class SubmissionSpec : KubernetesModel
{
    public string Language { get; set; } = "";
    public string Source { get; set; } = "";

    /// <summary>Inline tests (small suites). Exactly one of Tests and TestsRef is set.</summary>
    public List<TestCase>? Tests { get; set; }

    public TestsReference? TestsRef { get; set; }
    public Limits? Limits { get; set; }
    public CheckerSpec? Checker { get; set; }
    public bool? StopOnFirstFailure { get; set; }

    /// <summary>-100..100; higher runs first when capacity is short.</summary>
    public int? Priority { get; set; }

    public long? TtlSecondsAfterFinished { get; set; }

    /// <summary>
    /// Also record each test's (truncated) stdout and stderr in status. Opt-in, for the API's synchronous custom runs,
    /// which have no database row to hold output; judged submissions never set it, so their status stays small.
    /// </summary>
    public bool? CaptureOutput { get; set; }
}

/// <summary>A problem's test suite, identified by the SHA-256 of its content.</summary>
public sealed class TestsReference : KubernetesModel
{
    public string ProblemId { get; set; } = "";
    public string Sha256 { get; set; } = "";
}

public sealed class SubmissionStatus : KubernetesModel
{
    /// <summary>Pending, Running, Succeeded or Failed (<see cref="SubmissionPhase"/>).</summary>
    public string? Phase { get; set; }
    public string? Verdict { get; set; }
    public string? Message { get; set; }
    public int? Passed { get; set; }
    public int? Total { get; set; }
    public long? MaxTimeMs { get; set; }
    public long? MaxMemoryKiB { get; set; }
    public string? CompileOutput { get; set; }
    public List<SubmissionTestSummary>? Tests { get; set; }
    public string? PodName { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? StartTime { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? CompletionTime { get; set; }

    public int? Attempts { get; set; }
    public long? ObservedGeneration { get; set; }
    public List<ResourceCondition>? Conditions { get; set; }
}

/// <summary>
/// Per-test summary in status. No program output (that stays in the API's database), except for resources with
/// spec.captureOutput, whose tests carry their stdout and stderr truncated (SubmissionStatusWriter.CapturedOutputLimit).
/// </summary>
public sealed class SubmissionTestSummary : KubernetesModel
{
    public string? Name { get; set; }
    public string? Verdict { get; set; }
    public long? TimeMs { get; set; }
    public long? WallTimeMs { get; set; }
    public long? MemoryKiB { get; set; }
    public int? ExitCode { get; set; }
    public string? Signal { get; set; }
    public string? CheckerMessage { get; set; }
    public string? Stdout { get; set; }
    public string? Stderr { get; set; }
}

public static class SubmissionPhase
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    public static bool IsFinished(string? phase) => phase is Succeeded or Failed;
}
