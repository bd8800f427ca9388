namespace LetsCode.Api.Executor;

/// <summary>
/// Splits tests into consecutive batches whose data fits a byte budget, so a problem with gigabytes of tests is
/// judged without holding all of it in memory. A single test larger than the budget forms a batch of its own.
/// </summary>
public static class TestBatcher
{
    /// <param name="maxTests">The judge's cap on tests per job.</param>
    public static IReadOnlyList<IReadOnlyList<int>> Batch(IReadOnlyList<ExecutionTest> tests, long maxBytes, int maxTests = 1000)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var batches = new List<IReadOnlyList<int>>();
        var current = new List<int>();
        long bytes = 0;
        for (var i = 0; i < tests.Count; i++)
        {
            var size = tests[i].Bytes;
            if (current.Count > 0 && (bytes + size > maxBytes || current.Count >= maxTests))
            {
                batches.Add(current);
                current = [];
                bytes = 0;
            }
            current.Add(i);
            bytes += size;
        }
        if (current.Count > 0)
        {
            batches.Add(current);
        }
        return batches;
    }
}
