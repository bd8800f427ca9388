using System.Text;
using LetsCode.Api.Storage;
using LetsCode.Judge.Judging;
using LetsCode.Judge.Model;

namespace LetsCode.Api.Executor;

/// <summary>
/// Embedded mode: calls the judge library in-process. Tests are loaded batch by batch (TestBatcher) so memory stays
/// bounded; the judge's compile cache makes later batches skip recompiling. At most <c>slots</c> judge jobs run at
/// once, shared by queue workers and synchronous custom runs.
/// </summary>
public sealed class EmbeddedJudgeExecutor(IJudge judge, ITestDataStore testData, long maxBatchBytes, int slots)
    : ISubmissionExecutor, IDisposable
{
    private readonly SemaphoreSlim gate = new(slots, slots);

    public async Task<JudgeResult> ExecuteAsync(ExecutionRequest request, IJudgeObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var batches = TestBatcher.Batch(request.Tests, maxBatchBytes, JobLimitsPolicy.Default.MaxTests);
            if (batches.Count <= 1)
            {
                return await RunBatchAsync(request, batches.Count == 0 ? [] : batches[0], observer, reportCompile: true, cancellationToken);
            }

            var results = new List<JudgeResult>();
            foreach (var batch in batches)
            {
                var result = await RunBatchAsync(request, batch, observer, reportCompile: results.Count == 0, cancellationToken);
                results.Add(result);
                var stop = !result.Compile.Ok
                    || result.Verdict is Verdict.InternalError or Verdict.CompilationError
                    || (request.StopOnFirstFailure && result.Verdict != Verdict.Accepted);
                if (stop)
                {
                    break;
                }
            }
            return ResultMerger.Merge(results, request.Tests.Count);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<JudgeResult> RunBatchAsync(
        ExecutionRequest request, IReadOnlyList<int> indices, IJudgeObserver? observer, bool reportCompile, CancellationToken cancellationToken)
    {
        var tests = new List<TestCase>(indices.Count);
        foreach (var i in indices)
        {
            var test = request.Tests[i];
            tests.Add(new TestCase
            {
                Name = test.Name,
                Input = await LoadAsync(test.Input, cancellationToken),
                ExpectedOutput = await LoadAsync(test.ExpectedOutput, cancellationToken),
            });
        }

        var job = new JudgeJob
        {
            Language = request.Language,
            Source = request.Source,
            Tests = tests,
            Limits = request.Limits,
            Checker = request.Checker,
            StopOnFirstFailure = request.StopOnFirstFailure,
        };
        var offsetObserver = observer is null ? null : new OffsetObserver(observer, indices[0], reportCompile);
        var result = await judge.JudgeAsync(job, offsetObserver, cancellationToken);
        return indices.Count == request.Tests.Count ? result with { Total = request.Tests.Count } : result;
    }

    private async Task<string> LoadAsync(TestData data, CancellationToken cancellationToken)
    {
        switch (data)
        {
            case InlineTestData inline:
                return inline.Text;
            case BlobTestData blob:
                await using (var stream = testData.OpenRead(blob.Sha256)
                    ?? throw new InvalidOperationException($"test data {blob.Sha256} is missing from the store"))
                using (var reader = new StreamReader(stream, Encoding.UTF8))
                {
                    return await reader.ReadToEndAsync(cancellationToken);
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(data), data, "unknown test data kind");
        }
    }

    public void Dispose() => gate.Dispose();

    /// <summary>Maps a batch's test indices back to positions in the whole request.</summary>
    private sealed class OffsetObserver(IJudgeObserver inner, int offset, bool reportCompile) : IJudgeObserver
    {
        public ValueTask CompiledAsync(CompileResult compile) => reportCompile ? inner.CompiledAsync(compile) : ValueTask.CompletedTask;
        public ValueTask TestStartedAsync(int index, string name) => inner.TestStartedAsync(index + offset, name);
        public ValueTask TestFinishedAsync(int index, TestResult result) => inner.TestFinishedAsync(index + offset, result);
    }
}
