using LetsCode.Api.Executor;
using LetsCode.Api.Storage.Entities;

namespace LetsCode.Api.Cluster.TestData;

/// <summary>
/// The two suites a problem has: all its tests (a submission), and its samples (a custom test; the first test when
/// it has no samples). Mirrors ExecutionPlanner's selection, which a test checks, so the manifest the internal
/// endpoint serves is the one the dispatcher hashed. Pure.
/// </summary>
public static class SuiteSelection
{
    public static TestSuiteManifest Full(string problemId, IEnumerable<ProblemTestEntity> tests) =>
        TestSuiteManifest.From(problemId, Ordered(tests).Select(ToExecutionTest));

    public static TestSuiteManifest Samples(string problemId, IEnumerable<ProblemTestEntity> tests)
    {
        var ordered = Ordered(tests);
        var samples = ordered.Where(t => t.IsSample).ToList();
        return TestSuiteManifest.From(problemId, (samples.Count > 0 ? samples : ordered.Take(1)).Select(ToExecutionTest));
    }

    private static List<ProblemTestEntity> Ordered(IEnumerable<ProblemTestEntity> tests) =>
        tests.OrderBy(t => t.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();

    private static ExecutionTest ToExecutionTest(ProblemTestEntity t) =>
        new(t.Name, new BlobTestData(t.InputHash, t.InputBytes), new BlobTestData(t.OutputHash, t.OutputBytes));
}
