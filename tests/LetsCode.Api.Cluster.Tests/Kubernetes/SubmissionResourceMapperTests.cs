using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Judge.Model;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Tests.Kubernetes;

public sealed class SubmissionResourceMapperTests
{
    private static readonly Guid Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public void The_resource_carries_the_job_by_reference_with_labels_priority_and_ttl()
    {
        var spec = Spec() with { Limits = new Limits { TimeMs = 1500, MemoryMiB = 64 }, Checker = new CheckerSpec { Kind = "tokens" }, StopOnFirstFailure = true };

        var resource = SubmissionResourceMapper.ToResource(spec, "sandbox", new SubmissionResourceOptions { Priority = 7, TtlSecondsAfterFinished = 120 });

        Assert.Equal(ResourceNames.For(Id), resource.Metadata.Name);
        Assert.Equal("sandbox", resource.Metadata.Namespace);
        Assert.Equal(Id.ToString("N"), resource.Metadata.Labels![SubmissionLabels.SubmissionId]);
        Assert.Equal("python3", resource.Metadata.Labels[SubmissionLabels.Language]);
        Assert.Equal("python3", resource.Spec.Language);
        Assert.Equal("print(1)", resource.Spec.Source);
        Assert.Null(resource.Spec.Tests);
        Assert.Equal("a-plus-b", resource.Spec.TestsRef!.ProblemId);
        Assert.Equal(new string('a', 64), resource.Spec.TestsRef.Sha256);
        Assert.Equal(1500, resource.Spec.Limits!.TimeMs);
        Assert.Equal("tokens", resource.Spec.Checker!.Kind);
        Assert.True(resource.Spec.StopOnFirstFailure);
        Assert.Equal(7, resource.Spec.Priority);
        Assert.Equal(120, resource.Spec.TtlSecondsAfterFinished);
    }

    [Fact]
    public void Priority_is_clamped_to_the_schema_range()
    {
        Assert.Equal(100, SubmissionResourceMapper.ToResource(Spec(), "ns", new SubmissionResourceOptions { Priority = 1000 }).Spec.Priority);
        Assert.Equal(-100, SubmissionResourceMapper.ToResource(Spec(), "ns", new SubmissionResourceOptions { Priority = -1000 }).Spec.Priority);
    }

    [Theory]
    [InlineData("python3", "python3")]
    [InlineData("c++", "c_2b_2b")]
    [InlineData("cpp17", "cpp17")]
    public void Language_labels_are_valid_label_values_that_do_not_collide(string language, string label)
    {
        Assert.Equal(label, SubmissionLabels.LabelValue(language));
        Assert.Matches("^([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$", SubmissionLabels.LabelValue(language));
    }

    [Fact]
    public void Status_maps_phase_verdict_and_per_test_summary()
    {
        var resource = SubmissionResourceMapper.ToResource(Spec(), "ns", new SubmissionResourceOptions());
        resource.Status = new SubmissionStatus
        {
            Phase = "Succeeded",
            Verdict = "WrongAnswer",
            Message = "test 2",
            Passed = 1,
            Total = 2,
            MaxTimeMs = 30,
            MaxMemoryKiB = 9000,
            Tests =
            [
                new SubmissionTestSummary { Name = "1", Verdict = "Accepted", TimeMs = 10, WallTimeMs = 12, MemoryKiB = 8000, ExitCode = 0 },
                new SubmissionTestSummary { Name = "2", Verdict = "WrongAnswer", TimeMs = 30, WallTimeMs = 31, MemoryKiB = 9000, ExitCode = 0, CheckerMessage = "expected 0" },
            ],
        };

        var status = SubmissionResourceMapper.ToStatus(resource)!;

        Assert.Equal(Id, status.SubmissionId);
        Assert.Equal(Dispatch.SubmissionPhase.Succeeded, status.Phase);
        Assert.True(status.IsFinished);
        Assert.Equal("WrongAnswer", status.Verdict);
        Assert.Equal((1, 2, 30L, 9000L), (status.Passed, status.Total, status.MaxTimeMs, status.MaxMemoryKiB));
        Assert.Equal(
            [new ResourceTestResult("1", "Accepted", 10, 12, 8000, 0), new ResourceTestResult("2", "WrongAnswer", 30, 31, 9000, 0, null, "expected 0")],
            status.Tests);
    }

    [Theory]
    [InlineData(null, Dispatch.SubmissionPhase.Pending, true)]
    [InlineData("Pending", Dispatch.SubmissionPhase.Pending, true)]
    [InlineData("Running", Dispatch.SubmissionPhase.Running, true)]
    [InlineData("Succeeded", Dispatch.SubmissionPhase.Succeeded, false)]
    [InlineData("Failed", Dispatch.SubmissionPhase.Failed, false)]
    [InlineData("Paused", Dispatch.SubmissionPhase.Pending, true)]
    public void Unfinished_phases_and_unknown_ones_count_as_active(string? phase, Dispatch.SubmissionPhase expected, bool active)
    {
        var resource = SubmissionResourceMapper.ToResource(Spec(), "ns", new SubmissionResourceOptions());
        resource.Status = phase is null ? null : new SubmissionStatus { Phase = phase };

        Assert.Equal(expected, SubmissionResourceMapper.ToStatus(resource)!.Phase);
        Assert.Equal(active, SubmissionResourceMapper.IsActive(resource));
    }

    [Fact]
    public void Resources_not_made_by_the_api_have_no_status_for_it()
    {
        var foreign = new Submission { Metadata = new ObjectMeta { Name = "made-with-kubectl", Namespace = "ns" } };

        Assert.Null(SubmissionResourceMapper.ToStatus(foreign));
    }

    private static SubmissionResourceSpec Spec() => new()
    {
        Name = ResourceNames.For(Id),
        SubmissionId = Id,
        Language = "python3",
        Source = "print(1)",
        ProblemId = "a-plus-b",
        SuiteSha256 = new string('a', 64),
    };
}
