using LetsCode.Api.Executor;
using LetsCode.Judge.Model;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// Custom runs as Submission resources, and their finished status as a judge result. Pure.
/// <para>
/// A custom run has no database row, so its resource must never look like a judged submission's: its name is
/// "run-" + 32 hex digits (never "sub-") and it carries no letscode.dev/submission-id label, so the status feed and
/// therefore the status sync ignore it. It keeps the language label and spec.language: it holds a pod of the
/// language's pool, so the dispatcher's capacity rule counts it like any unfinished Submission.
/// </para>
/// </summary>
public static class TestRunResourceMapper
{
    private const string Prefix = "run-";

    /// <summary>Marks the API's custom-run resources (kubectl get submissions -l letscode.dev/test-run=true).</summary>
    public const string TestRunLabel = "letscode.dev/test-run";

    public static string NewName() => Prefix + Guid.NewGuid().ToString("N");

    public static bool IsTestRun(Submission resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Metadata.Name?.StartsWith(Prefix, StringComparison.Ordinal) == true
            || resource.Metadata.Labels?.GetValueOrDefault(TestRunLabel) == "true";
    }

    /// <exception cref="NotSupportedException">A test refers to stored data: custom runs carry their input inline.</exception>
    public static Submission ToResource(ExecutionRequest request, string name, string @namespace, TestRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        return new Submission
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = @namespace,
                Labels = SubmissionLabels.For(request.Language, (TestRunLabel, "true")),
            },
            Spec = new SubmissionSpec
            {
                Language = request.Language,
                Source = request.Source,
                Tests = [.. request.Tests.Select(t => new TestCase { Name = t.Name, Input = Inline(t.Input), ExpectedOutput = Inline(t.ExpectedOutput) })],
                Limits = request.Limits,
                Checker = request.Checker,
                StopOnFirstFailure = request.StopOnFirstFailure,
                Priority = Math.Clamp(options.Priority, -100, 100),
                TtlSecondsAfterFinished = Math.Max(0, options.TtlSecondsAfterFinished),
                CaptureOutput = true,
            },
        };
    }

    /// <summary>The judge result a finished resource reports (status carries what the runner said, output truncated).</summary>
    public static JudgeResult ToResult(Submission resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var status = resource.Status ?? new SubmissionStatus();
        var verdict = VerdictOf(status.Verdict);
        var failed = status.Phase == SubmissionPhase.Failed;
        return new JudgeResult
        {
            Verdict = verdict,
            // Status has no compile flag: only a compilation error means the compile failed.
            Compile = new CompileResult { Ok = verdict != Verdict.CompilationError, Output = status.CompileOutput ?? "" },
            Tests = [.. (status.Tests ?? []).Select(t => new TestResult
            {
                Name = t.Name ?? "",
                Verdict = VerdictOf(t.Verdict),
                TimeMs = t.TimeMs ?? 0,
                WallTimeMs = t.WallTimeMs ?? 0,
                MemoryKiB = t.MemoryKiB ?? 0,
                ExitCode = t.ExitCode,
                Signal = t.Signal,
                Stdout = t.Stdout ?? "",
                Stderr = t.Stderr ?? "",
                CheckerMessage = t.CheckerMessage,
            })],
            Passed = status.Passed ?? 0,
            Total = status.Total ?? 0,
            MaxTimeMs = status.MaxTimeMs ?? 0,
            MaxMemoryKiB = status.MaxMemoryKiB ?? 0,
            Error = failed ? status.Message ?? "the sandbox reported an internal error" : null,
        };
    }

    /// <summary>A verdict name this version does not know is not a success.</summary>
    private static Verdict VerdictOf(string? name) =>
        Enum.TryParse<Verdict>(name, ignoreCase: false, out var verdict) && Enum.IsDefined(verdict) ? verdict : Verdict.InternalError;

    private static string Inline(Api.Executor.TestData data) => data switch
    {
        InlineTestData inline => inline.Text,
        _ => throw new NotSupportedException("cluster custom runs carry their tests inline; stored test data goes through testsRef"),
    };
}
