using System.Security.Cryptography;
using System.Text.Json;
using LetsCode.Api.Executor;

namespace LetsCode.Api.Cluster.TestData;

/// <summary>
/// The list of tests a Submission resource runs, by content hash: name, input and expected-output blob hashes and
/// sizes, in judging order. Its SHA-256 (over the canonical JSON below) is the resource's testsRef.sha256, so the
/// operator can cache a suite forever under its hash and a changed problem never serves stale data. Pure.
/// </summary>
public sealed record TestSuiteManifest(string ProblemId, IReadOnlyList<TestSuiteEntry> Tests)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TestSuiteManifest From(string problemId, IEnumerable<ExecutionTest> tests) =>
        new(problemId, tests.Select(Entry).ToList());

    /// <summary>Canonical bytes: compact JSON, camelCase, fields in declaration order.</summary>
    public byte[] ToCanonicalJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(ToCanonicalJson()));

    private static TestSuiteEntry Entry(ExecutionTest test) => (test.Input, test.ExpectedOutput) switch
    {
        (BlobTestData input, BlobTestData output) => new TestSuiteEntry(test.Name, input.Sha256, input.Length, output.Sha256, output.Length),
        _ => throw new ArgumentException($"test '{test.Name}' is inline; cluster suites reference stored blobs only", nameof(test)),
    };
}

/// <summary>One test of a suite: blobs are fetched from /internal/testdata/{problemId}/blobs/{sha256}.</summary>
public sealed record TestSuiteEntry(string Name, string InputSha256, long InputBytes, string OutputSha256, long OutputBytes);
