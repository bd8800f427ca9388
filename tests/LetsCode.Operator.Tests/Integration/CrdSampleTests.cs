using System.Text;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Resources;
using LetsCode.Operator.Tests.Support;

namespace LetsCode.Operator.Tests.Integration;

public sealed class CrdSampleTests
{
    /// <summary>The samples are accepted by the CRDs' schemas as served, and read back into our models unchanged.</summary>
    [Fact]
    public async Task Every_sample_is_accepted_by_the_crds_and_round_trips_through_our_models()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        using var http = new HttpClient { BaseAddress = env.Simulator.BaseAddress };
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "crds", "samples"), "*.yaml"))
        {
            foreach (var document in YamlJson.ParseDocuments(await File.ReadAllTextAsync(file)))
            {
                var kind = document!["kind"]!.GetValue<string>();
                var plural = kind == "WarmPool" ? "warmpools" : "submissions";
                using var content = new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(
                    $"/apis/{LetsCodeResources.Group}/{LetsCodeResources.Version}/namespaces/{OperatorEnvironment.Namespace}/{plural}", content);
                Assert.True(response.IsSuccessStatusCode, $"{Path.GetFileName(file)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        var pool = await env.Pools.GetAsync(OperatorEnvironment.Namespace, "cpp");
        Assert.Equal(("cpp", 4, 50), (pool.Spec.Language, pool.Spec.Replicas!.Value, pool.Spec.MaxReplicas!.Value));
        var submission = await env.Submissions.GetAsync(OperatorEnvironment.Namespace, "sub-tests-ref-example");
        Assert.Equal("a-plus-b", submission.Spec.TestsRef!.ProblemId);
        Assert.Null(submission.Spec.Tests);
    }

    [Fact]
    public async Task A_submission_with_both_tests_and_testsRef_or_a_pool_with_min_above_max_is_refused()
    {
        await using var env = await OperatorEnvironment.StartAsync();
        var submission = new Submission
        {
            Metadata = new() { Name = "both", Namespace = OperatorEnvironment.Namespace },
            Spec = new SubmissionSpec
            {
                Language = "python3",
                Source = "print(1)",
                Tests = [new LetsCode.Judge.Model.TestCase { Name = "1" }],
                TestsRef = new TestsReference { ProblemId = "p", Sha256 = new string('a', 64) },
            },
        };
        await Assert.ThrowsAsync<LetsCode.Kubernetes.Client.InvalidException>(() => env.Submissions.CreateAsync(submission));
        await Assert.ThrowsAsync<LetsCode.Kubernetes.Client.InvalidException>(() => env.CreatePoolAsync(min: 5, max: 2));
    }
}
