using System.Security.Cryptography;
using System.Text.Json;
using LetsCode.Judge.Model;
using LetsCode.Operator.Judging;

namespace LetsCode.Api.Cluster.Tests.Kubernetes.Support;

/// <summary>
/// The operator's test-suite source in-process: suites by (problem, SHA-256 of their JSON), as the API's internal
/// endpoint serves them. Unknown suites fail permanently, as a 404 from the endpoint does.
/// </summary>
public sealed class InMemoryTestSuites : ITestSuiteSource
{
    private readonly Dictionary<(string Problem, string Sha256), IReadOnlyList<TestCase>> suites = [];
    private readonly Lock gate = new();

    /// <summary>Stores a suite and returns its content hash (the testsRef.sha256 a Submission names).</summary>
    public string Add(string problemId, IReadOnlyList<TestCase> tests)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(tests, JsonSerializerOptions.Web)));
        lock (gate)
        {
            suites[(problemId, sha256)] = tests;
        }
        return sha256;
    }

    public Task<IReadOnlyList<TestCase>> GetAsync(string problemId, string sha256, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return suites.TryGetValue((problemId, sha256), out var tests)
                ? Task.FromResult(tests)
                : throw new TestSuiteUnavailableException($"test suite {problemId}@{sha256} not found", permanent: true);
        }
    }
}
