using LetsCode.Judge.Model;

namespace LetsCode.Operator.Judging;

/// <summary>Where a Submission's testsRef is resolved: a problem's test suite, identified by its content hash.</summary>
public interface ITestSuiteSource
{
    /// <exception cref="TestSuiteUnavailableException">Not fetchable now (retry) or never (<see cref="TestSuiteUnavailableException.Permanent"/>).</exception>
    Task<IReadOnlyList<TestCase>> GetAsync(string problemId, string sha256, CancellationToken cancellationToken);
}

public sealed class TestSuiteUnavailableException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when retrying cannot help (unknown problem, hash mismatch, malformed suite).</summary>
    public bool Permanent { get; } = permanent;
}

/// <summary>For operators deployed without the API's internal endpoint: every testsRef fails permanently.</summary>
public sealed class NoTestSuiteSource : ITestSuiteSource
{
    public Task<IReadOnlyList<TestCase>> GetAsync(string problemId, string sha256, CancellationToken cancellationToken) =>
        throw new TestSuiteUnavailableException("testsRef needs the operator's --tests-endpoint (the API's internal endpoint)", permanent: true);
}
