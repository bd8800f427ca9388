using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LetsCode.Api.Contracts;
using LetsCode.Api.Processing;

namespace LetsCode.Api.Samples;

/// <summary>The problems a fresh installation starts with: a-plus-b, two-sum (function style), binary-search.</summary>
public sealed class SampleProblems(ProblemService problems)
{
    public static IReadOnlyList<ProblemRequest> Create() => [APlusB(), TwoSum(), BinarySearch()];

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var problem in Create())
        {
            if (!await problems.ExistsAsync(problem.Id!, cancellationToken))
            {
                await problems.CreateAsync(problem, cancellationToken);
            }
        }
    }

    private static ProblemRequest APlusB() => new()
    {
        Id = "a-plus-b",
        Title = "A + B",
        Statement = "Read two integers a and b (|a|, |b| <= 10^18) separated by whitespace and print a + b.",
        Limits = new LimitsDocument { TimeMs = 1000, MemoryMiB = 256 },
        Checker = new CheckerDocument { Kind = "tokens" },
        Tests =
        [
            new() { Name = "sample-1", Input = "1 2\n", ExpectedOutput = "3\n", Sample = true },
            new() { Name = "negative", Input = "-5 3\n", ExpectedOutput = "-2\n" },
            new() { Name = "large", Input = "1000000000000000000 -999999999999999999\n", ExpectedOutput = "1\n" },
        ],
    };

    private static ProblemRequest TwoSum()
    {
        static ProblemTestRequest Test(string name, int[] nums, int target, int[] expected, bool sample = false) => new()
        {
            Name = name,
            Args = [new JsonArray(nums.Select(n => (JsonNode)n).ToArray()), target],
            Expected = new JsonArray(expected.Select(n => (JsonNode)n).ToArray()),
            Sample = sample,
        };

        return new ProblemRequest
        {
            Id = "two-sum",
            Title = "Two Sum",
            Statement = "Given an array of integers nums and an integer target, return the indices of the two numbers that add up "
                + "to target, in any order. Exactly one solution exists. Implement twoSum(nums, target) "
                + "(Python: a function or Solution.twoSum; JavaScript: var twoSum = function(nums, target) {...}).",
            Limits = new LimitsDocument { TimeMs = 2000, MemoryMiB = 256 },
            Function = new FunctionDocument { EntryPoint = "twoSum", UnorderedResult = true },
            Tests =
            [
                Test("sample-1", [2, 7, 11, 15], 9, [0, 1], sample: true),
                Test("sample-2", [3, 2, 4], 6, [1, 2], sample: true),
                Test("duplicates", [3, 3], 6, [0, 1]),
                Test("negatives", [-1, -2, -3, -4, -5], -8, [2, 4]),
                Test("far-apart", Enumerable.Range(1, 10_000).ToArray(), 19_999, [9_998, 9_999]),
            ],
        };
    }

    private static ProblemRequest BinarySearch()
    {
        // A large deterministic test: a linear scan per query is too slow, a binary search is fast.
        var n = 100_000;
        var queries = 100_000;
        var values = Enumerable.Range(0, n).Select(i => (long)i * 3).ToArray();
        var input = new StringBuilder();
        var output = new StringBuilder();
        input.Append(CultureInfo.InvariantCulture, $"{n} {queries}\n").AppendJoin(' ', values).Append('\n');
        for (var q = 0; q < queries; q++)
        {
            var x = (q * 7919L) % (3L * n);
            input.Append(CultureInfo.InvariantCulture, $"{x}\n");
            output.Append(CultureInfo.InvariantCulture, $"{(x % 3 == 0 ? x / 3 : -1)}\n");
        }

        return new ProblemRequest
        {
            Id = "binary-search",
            Title = "Binary Search",
            Statement = "The first line holds n and q. The second holds n distinct integers in increasing order. Each of the "
                + "next q lines holds a value x: print the (0-based) index of x in the array, or -1 if it is absent.",
            // The large test prints about 600 KB of answers.
            Limits = new LimitsDocument { TimeMs = 2000, MemoryMiB = 256, OutputKiB = 2048 },
            Checker = new CheckerDocument { Kind = "tokens" },
            Tests =
            [
                new() { Name = "sample-1", Input = "5 3\n-1 0 3 5 9\n9\n2\n-1\n", ExpectedOutput = "4\n-1\n0\n", Sample = true },
                new() { Name = "single", Input = "1 2\n5\n5\n6\n", ExpectedOutput = "0\n-1\n" },
                new() { Name = "large", Input = input.ToString(), ExpectedOutput = output.ToString() },
            ],
        };
    }
}
