using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Api.Executor;
using LetsCode.Judge.Model;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Tests.Kubernetes;

/// <summary>Custom runs as Submission resources: never mistaken for a judged submission, and their status read back.</summary>
public sealed class TestRunResourceMapperTests
{
    private static readonly ExecutionRequest Request = new()
    {
        Language = "c++",
        Source = "int main() {}",
        Tests = [new ExecutionTest("custom", new InlineTestData("1 2\n"), new InlineTestData(""))],
        Limits = new Limits { TimeMs = 1500 },
    };

    [Fact]
    public void A_run_resource_has_inline_tests_captures_output_and_is_invisible_to_the_status_sync()
    {
        var name = TestRunResourceMapper.NewName();
        var resource = TestRunResourceMapper.ToResource(Request, name, "sandbox", new TestRunOptions { Priority = 500, TtlSecondsAfterFinished = 30 });

        Assert.Matches("^run-[0-9a-f]{32}$", name);
        Assert.Equal((name, "sandbox"), (resource.Metadata.Name, resource.Metadata.Namespace));
        Assert.True(resource.Spec.CaptureOutput);
        Assert.Null(resource.Spec.TestsRef);
        var test = Assert.Single(resource.Spec.Tests!);
        Assert.Equal(("custom", "1 2\n", ""), (test.Name, test.Input, test.ExpectedOutput));
        Assert.Equal((1500, 100, 30L), (resource.Spec.Limits!.TimeMs, resource.Spec.Priority, resource.Spec.TtlSecondsAfterFinished));
        Assert.Equal("c_2b_2b", resource.Metadata.Labels![SubmissionLabels.Language]);
        Assert.Equal("true", resource.Metadata.Labels[TestRunResourceMapper.TestRunLabel]);
        Assert.True(TestRunResourceMapper.IsTestRun(resource));

        // No submission id: the status feed (and so the status sync that writes submission rows) skips it, even finished.
        Assert.False(resource.Metadata.Labels.ContainsKey(SubmissionLabels.SubmissionId));
        resource.Status = new SubmissionStatus { Phase = SubmissionPhase.Succeeded, Verdict = "Accepted" };
        Assert.Null(SubmissionResourceMapper.SubmissionIdOf(resource));
        Assert.Null(SubmissionResourceMapper.ToStatus(resource));
        // Still unfinished-counting for the dispatcher while it runs: it holds a pod of the language's pool.
        resource.Status = new SubmissionStatus { Phase = SubmissionPhase.Running };
        Assert.True(SubmissionResourceMapper.IsActive(resource));
    }

    [Fact]
    public void Stored_test_data_is_refused()
    {
        var request = Request with { Tests = [new ExecutionTest("t", new BlobTestData(new string('a', 64), 3), new InlineTestData(""))] };
        Assert.Throws<NotSupportedException>(() => TestRunResourceMapper.ToResource(request, "run-x", "ns", new TestRunOptions()));
    }

    [Fact]
    public void A_finished_status_reads_back_as_the_judge_result()
    {
        var resource = new Submission
        {
            Status = new SubmissionStatus
            {
                Phase = SubmissionPhase.Succeeded,
                Verdict = "RuntimeError",
                Passed = 0,
                Total = 1,
                MaxTimeMs = 12,
                MaxMemoryKiB = 3000,
                Tests = [new SubmissionTestSummary
                {
                    Name = "custom", Verdict = "RuntimeError", TimeMs = 12, WallTimeMs = 20, MemoryKiB = 3000, ExitCode = 1,
                    Stdout = "partial\n", Stderr = "Traceback\n",
                }],
            },
        };

        var result = TestRunResourceMapper.ToResult(resource);

        Assert.Equal((Verdict.RuntimeError, true, (string?)null), (result.Verdict, result.Compile.Ok, result.Error));
        var test = Assert.Single(result.Tests);
        Assert.Equal(("partial\n", "Traceback\n", 1, 20L), (test.Stdout, test.Stderr, test.ExitCode, test.WallTimeMs));
    }

    [Fact]
    public void Compile_errors_failures_and_unknown_verdicts_read_as_such()
    {
        var compile = TestRunResourceMapper.ToResult(new Submission
        {
            Status = new SubmissionStatus { Phase = SubmissionPhase.Succeeded, Verdict = "CompilationError", CompileOutput = "main.cpp:1: error" },
        });
        Assert.Equal((Verdict.CompilationError, false, "main.cpp:1: error"), (compile.Verdict, compile.Compile.Ok, compile.Compile.Output));

        var failed = TestRunResourceMapper.ToResult(new Submission
        {
            Status = new SubmissionStatus { Phase = SubmissionPhase.Failed, Verdict = "InternalError", Message = "pod evicted 3 times" },
        });
        Assert.Equal((Verdict.InternalError, "pod evicted 3 times"), (failed.Verdict, failed.Error));

        var newer = TestRunResourceMapper.ToResult(new Submission { Status = new SubmissionStatus { Phase = SubmissionPhase.Succeeded, Verdict = "Partial" } });
        Assert.Equal(Verdict.InternalError, newer.Verdict);
    }
}
