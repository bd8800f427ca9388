using System.Security.Cryptography;
using System.Text.Json;
using LetsCode.Api.Executor;

namespace LetsCode.Api.Cluster.TestData;

/// <summary>
/// The tests a Submission resource runs, by blob hash: name, input and expected-output hashes and sizes, in judging
/// order. Its own SHA-256 keys the cache of suite document hashes (<see cref="TestSuiteHashes"/>); the
/// resource's testsRef.sha256 is the hash of the document itself (<see cref="TestSuiteDocument"/>). Pure.
/// </summary>
public sealed record TestSuiteManifest(string ProblemId, IReadOnlyList<TestSuiteEntry> Tests)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TestSuiteManifest From(string problemId, IEnumerable<ExecutionTest> tests) =>
        new(problemId, tests.Select(Entry).ToList());

    /// <summary>Canonical bytes: compact JSON, camelCase, fields in declaration order.</summary>
    public byte[] ToCanonicalJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    [System.Text.Json.Serialization.JsonIgnore]
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(ToCanonicalJson()));

    private static TestSuiteEntry Entry(ExecutionTest test) => (test.Input, test.ExpectedOutput) switch
    {
        (BlobTestData input, BlobTestData output) => new TestSuiteEntry(test.Name, input.Sha256, input.Length, output.Sha256, output.Length),
        _ => throw new ArgumentException($"test '{test.Name}' is inline; cluster suites reference stored blobs only", nameof(test)),
    };
}

/// <summary>One test of a suite, by blob hash.</summary>
public sealed record TestSuiteEntry(string Name, string InputSha256, long InputBytes, string OutputSha256, long OutputBytes);
