using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LetsCode.Api.Contracts;
using LetsCode.Api.Tests.Infrastructure;

namespace LetsCode.Api.Tests;

/// <summary>
/// Through HTTP and the WebSocket to the real judge: hardened sandboxes, real compilers and interpreters.
/// </summary>
[Collection(RealJudgeCollection.Name)]
public sealed class EndToEndTests(RealJudgeHost fixture)
{
    private readonly HttpClient client = fixture.Client;

    public static TheoryData<string, string, string> VerdictPrograms => new()
    {
        { "python3", "Accepted", "a, b = map(int, input().split())\nprint(a + b)\n" },
        { "python3", "WrongAnswer", "a, b = map(int, input().split())\nprint(a - b)\n" },
        { "python3", "TimeLimitExceeded", "while True:\n    pass\n" },
        { "python3", "MemoryLimitExceeded", "x = bytearray(1 << 30)\nx[::4096] = b'x' * len(x[::4096])\nprint(len(x))\n" },
        { "python3", "OutputLimitExceeded", "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n" },
        { "python3", "RuntimeError", "raise SystemExit(3)\n" },
        { "python3", "CompilationError", "a, b = map(int, input().split()\nprint(a + b)\n" },
        { "cpp", "Accepted", "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<\"\\n\";}\n" },
        { "cpp", "WrongAnswer", "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a*b<<\"\\n\";}\n" },
        { "cpp", "TimeLimitExceeded", "int main(){volatile unsigned long x=0;for(;;)x++;}\n" },
        { "cpp", "RuntimeError", "int main(){int *p=nullptr; return *p;}\n" },
        { "cpp", "CompilationError", "int main( { return 0 }\n" },
    };

    [Theory]
    [MemberData(nameof(VerdictPrograms))]
    public async Task A_submission_of_each_verdict(string language, string verdict, string code)
    {
        var response = await client.PostAsJsonAsync("/api/submit?wait=true",
            new { code, language, problemId = "a-plus-b", userId = $"e2e-{language}-{verdict}", isCustomTest = false });
        var document = (await response.Content.ReadFromJsonAsync<SubmissionDocument>(HttpApi.Json))!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(verdict, document.Verdict!.Status);
        Assert.Equal("Completed", document.Status);
        if (verdict == "Accepted")
        {
            Assert.Equal(3, document.Verdict.Passed);
            Assert.All(document.TestResults, t => Assert.True(t.MemoryKiB > 0));
        }
        if (verdict == "CompilationError")
        {
            Assert.False(string.IsNullOrEmpty(document.Verdict.CompileOutput));
        }
    }

    public static TheoryData<string, string, string> FunctionStylePrograms => new()
    {
        { "python3", "Accepted", "def twoSum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n" },
        { "python3", "Accepted", "class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        d = {}\n        for i, n in enumerate(nums):\n            if target - n in d:\n                return [i, d[target - n]]\n            d[n] = i\n" },
        { "python3", "WrongAnswer", "def twoSum(nums, target):\n    return [0, 0]\n" },
        { "python3", "RuntimeError", "def other(nums, target):\n    return []\n" },
        { "python3", "CompilationError", "def twoSum(nums, target)\n    return [0, 1]\n" },
        { "javascript", "Accepted", "var twoSum = function(nums, target) {\n  const m = new Map();\n  for (let i = 0; i < nums.length; i++) {\n    if (m.has(target - nums[i])) return [i, m.get(target - nums[i])];\n    m.set(nums[i], i);\n  }\n};\n" },
        { "javascript", "WrongAnswer", "function twoSum(nums, target) { return null; }\n" },
        { "javascript", "CompilationError", "function twoSum(nums, target) {\n  return [0, 1;\n}\n" },
    };

    [Theory]
    [MemberData(nameof(FunctionStylePrograms))]
    public async Task Function_style_two_sum(string language, string verdict, string code)
    {
        var response = await client.PostAsJsonAsync("/api/submit?wait=true",
            new { code, language, problemId = "two-sum", userId = $"fs-{language}", isCustomTest = false });
        var document = (await response.Content.ReadFromJsonAsync<SubmissionDocument>(HttpApi.Json))!;
        Assert.True(verdict == document.Verdict!.Status, System.Text.Json.JsonSerializer.Serialize(document, HttpApi.Json));
        if (verdict == "Accepted")
        {
            Assert.Equal(5, document.Verdict.Passed);
        }
        if (verdict == "CompilationError")
        {
            // The driver around the function is generated; the message points into the user's own code.
            Assert.Contains(language == "python3" ? "line 1" : "main.js:2", document.Verdict.CompileOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Binary_search_large_test_passes_with_a_fast_solution()
    {
        const string code = "import sys, bisect\ndef main():\n    data = sys.stdin.buffer.read().split()\n    n, q = int(data[0]), int(data[1])\n"
            + "    a = data[2:2 + n]\n    a = list(map(int, a))\n    out = []\n    for x in map(int, data[2 + n:2 + n + q]):\n"
            + "        i = bisect.bisect_left(a, x)\n        out.append(str(i) if i < n and a[i] == x else '-1')\n    print('\\n'.join(out))\nmain()\n";
        var response = await client.PostAsJsonAsync("/api/submit?wait=true",
            new { code, language = "python3", problemId = "binary-search", userId = "bs", isCustomTest = false });
        var document = (await response.Content.ReadFromJsonAsync<SubmissionDocument>(HttpApi.Json))!;
        Assert.Equal("Accepted", document.Verdict!.Status);
        Assert.Equal(3, document.Verdict.Passed);
    }

    [Fact]
    public async Task Custom_run_returns_output_and_time()
    {
        var ok = await client.PostAsJsonAsync("/api/test", new { code = "print(input()[::-1])", input = "hello\n", language = "python3" });
        var run = (await ok.Content.ReadFromJsonAsync<TestRunResponse>(HttpApi.Json))!;
        Assert.True(run.Success);
        Assert.Equal("olleh\n", run.Output);
        Assert.True(run.MemoryKiB > 0);

        var crash = await client.PostAsJsonAsync("/api/test", new { code = "int main(){return 7;}", input = "", language = "cpp" });
        var crashed = (await crash.Content.ReadFromJsonAsync<TestRunResponse>(HttpApi.Json))!;
        Assert.False(crashed.Success);
        Assert.Equal("RuntimeError", crashed.Verdict);
        Assert.Equal(7, crashed.ExitCode);
    }

    [Fact]
    public async Task Languages_come_from_detection()
    {
        var languages = (await client.GetFromJsonAsync<List<LanguageDocument>>("/api/languages", HttpApi.Json))!;
        Assert.Contains(languages, l => l.Name == "python3" && !l.Compiled && l.FunctionStyle && l.Version.StartsWith('3'));
        Assert.Contains(languages, l => l.Name == "cpp" && l.Compiled);
    }

    [Fact]
    public async Task WebSocket_streams_each_real_test_in_order()
    {
        await using var live = await LiveClient.ConnectAsync(fixture.Host.Server, "ws-real");
        var id = await client.SubmitAsync("a, b = map(int, input().split())\nprint(a + b)\n", "python3", "a-plus-b", "ws-real");
        await live.WaitUntilAsync(m => m.Any(x => (string?)x["data"]?["submissionId"] == id.ToString() && x["data"]?["verdict"] is not null), TimeSpan.FromSeconds(60));
        var updates = live.Of("status_update").Select(m => m["data"]!).Where(d => (string?)d["submissionId"] == id.ToString()).ToList();
        Assert.Equal([1, 2, 3], updates.Where(u => u["testResult"] is not null).Select(u => (int)u["currentTest"]!));
        Assert.Equal(["sample-1", "negative", "large"], updates.Where(u => u["testResult"] is not null).Select(u => (string)u["testResult"]!["name"]!));
        Assert.Equal("Accepted", (string)updates[^1]["verdict"]!["status"]!);
        Assert.Equal("Completed", (string)updates[^1]["status"]!);
    }

    [Fact]
    public async Task Two_hundred_concurrent_real_submissions_all_complete()
    {
        const string python = "a, b = map(int, input().split())\nprint(a + b)\n";
        const string cpp = "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<\"\\n\";}\n";
        // Generous limits: this test is about the service completing a burst, and the machine is shared, so a
        // trivial program's wall time under full load must not turn into a TimeLimitExceeded here.
        var created = await client.PostAsJsonAsync("/api/problems", new
        {
            id = "burst-a-plus-b",
            title = "A + B under load",
            limits = new { timeMs = 5000, wallTimeMs = 30000 },
            checker = new { kind = "tokens" },
            tests = new[]
            {
                new { name = "1", input = "1 2\n", expectedOutput = "3\n" },
                new { name = "2", input = "-5 3\n", expectedOutput = "-2\n" },
                new { name = "3", input = "40 2\n", expectedOutput = "42\n" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            client.SubmitAsync(i % 2 == 0 ? python : cpp, i % 2 == 0 ? "python3" : "cpp", "burst-a-plus-b", $"burst{i % 20}")));
        Assert.Equal(200, ids.Distinct().Count());
        foreach (var id in ids)
        {
            var document = await client.WaitForVerdictAsync(id, TimeSpan.FromSeconds(180));
            Assert.True(document.Verdict!.Status == "Accepted", System.Text.Json.JsonSerializer.Serialize(document, HttpApi.Json));
        }
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/submit", paths);
        Assert.Contains("/api/submission/{id}", paths);
        Assert.Contains("/api/test", paths);
        Assert.Contains("/api/problems/{id}", paths);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
