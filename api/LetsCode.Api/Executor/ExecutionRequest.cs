using LetsCode.Judge.Model;

namespace LetsCode.Api.Executor;

/// <summary>
/// What to judge. Tests reference their data (inline text or a stored blob by hash) rather than carrying it, so an
/// executor can load it in bounded batches (embedded) or hand hashes to a remote runner (cluster).
/// </summary>
public sealed record ExecutionRequest
{
    public required string Language { get; init; }
    public required string Source { get; init; }
    public required IReadOnlyList<ExecutionTest> Tests { get; init; }
    public Limits Limits { get; init; } = new();
    public CheckerSpec Checker { get; init; } = new();
    public bool StopOnFirstFailure { get; init; }
}

public sealed record ExecutionTest(string Name, TestData Input, TestData ExpectedOutput)
{
    public long Bytes => Input.Bytes + ExpectedOutput.Bytes;
}

/// <summary>Test data: inline text (custom runs, samples in memory) or a blob in ITestDataStore.</summary>
public abstract record TestData
{
    public abstract long Bytes { get; }
}

public sealed record InlineTestData(string Text) : TestData
{
    public override long Bytes => System.Text.Encoding.UTF8.GetByteCount(Text);
}

public sealed record BlobTestData(string Sha256, long Length) : TestData
{
    public override long Bytes => Length;
}
