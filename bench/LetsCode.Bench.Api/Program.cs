// Throughput and latency of the embedded service under a burst: N concurrent a-plus-b submissions per language,
// each POST /api/submit?wait=true over real HTTP (Kestrel on 127.0.0.1), judged by the real sandboxed judge.
// Latency = from sending the submission to receiving its verdict. Usage:
//   dotnet run -c Release --project bench/LetsCode.Bench.Api -- [--count 200] [--languages python3,cpp] [--workers 0]
// With --url URL it measures a service already running there instead (e.g. `make cluster-local`: cluster mode with
// the operator and the simulator's runner pods), without the in-process judge baseline.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LetsCode.Api.Composition;
using LetsCode.Api.Contracts;
using LetsCode.Judge.Judging;
using LetsCode.Judge.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

var count = IntArg("--count", 200);
var workers = IntArg("--workers", 0);
var languages = (Arg("--languages") ?? "python3,cpp").Split(',', StringSplitOptions.RemoveEmptyEntries);

var url = Arg("--url");
var data = Path.Combine(Path.GetTempPath(), "letscode-bench-api", Guid.NewGuid().ToString("N"));
WebApplication? app = null;
if (url is null)
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration["LetsCode:DataDirectory"] = data;
    // A fresh compile cache: every cpp submission below really compiles (no hits from earlier runs).
    builder.Configuration["LetsCode:JudgeCacheRoot"] = Path.Combine(data, "judge-cache");
    builder.Configuration["LetsCode:Workers"] = workers.ToString(CultureInfo.InvariantCulture);
    builder.Configuration["LetsCode:PerUserQueueCap"] = "100000";
    builder.Configuration["LetsCode:WaitTimeoutSeconds"] = "600";
    builder.AddLetsCode();
    app = builder.Build();
    app.MapLetsCode();
    await app.StartAsync();
    url = app.Urls.First();
}
var address = url;

using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(15) };
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
Console.WriteLine(app is null
    ? $"LetsCode API benchmark: {count} concurrent a-plus-b submissions per language against {address}, cores={Environment.ProcessorCount}"
    : $"LetsCode API benchmark: {count} concurrent a-plus-b submissions per language, workers={(workers == 0 ? Environment.ProcessorCount : workers)}, cores={Environment.ProcessorCount}");
Console.WriteLine("| language | submissions | accepted | wall time (s) | throughput (subs/s) | p50 latency (ms) | p95 latency (ms) | max (ms) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");

foreach (var language in languages)
{
    // Baseline: the same job straight into the judge, sequentially, to separate judge cost from service cost.
    var judge = app?.Services.GetRequiredService<IJudge>();
    var sequential = new List<double>();
    for (var i = 0; judge is not null && i < 10; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await judge.JudgeAsync(new JudgeJob
        {
            Language = language,
            Source = Solution(language, 1000 + i),
            Tests = [new() { Name = "1", Input = "1 2\n", ExpectedOutput = "3\n" }, new() { Name = "2", Input = "-5 3\n", ExpectedOutput = "-2\n" }, new() { Name = "3", Input = "1 1\n", ExpectedOutput = "2\n" }],
            Checker = new CheckerSpec { Kind = "tokens" },
        }, null, CancellationToken.None);
        sequential.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    if (sequential.Count > 0)
    {
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{language}: judge alone, one job of 3 tests, sequential: median {sequential.Order().ElementAt(5):F0} ms"));
    }

    // Warm-up: language detection, sandbox preparation, first compile of the toolchain's headers.
    await SubmitAsync(language, -1);
    var total = Stopwatch.StartNew();
    var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => SubmitAsync(language, i)));
    total.Stop();
    var latencies = results.Select(r => r.LatencyMs).Order().ToArray();
    var accepted = results.Count(r => r.Verdict == "Accepted");
    foreach (var other in results.Where(r => r.Verdict != "Accepted").GroupBy(r => r.Verdict))
    {
        Console.Error.WriteLine($"{language}: {other.Count()} x {other.Key}: {other.First().Detail}");
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {language} | {count} | {accepted} | {total.Elapsed.TotalSeconds:F1} | {count / total.Elapsed.TotalSeconds:F1} | {Percentile(latencies, 50):F0} | {Percentile(latencies, 95):F0} | {latencies[^1]:F0} |"));
}

if (app is not null)
{
    await app.StopAsync();
    try
    {
        Directory.Delete(data, recursive: true);
    }
    catch (IOException)
    {
    }
}
return 0;

async Task<(double LatencyMs, string Verdict, string Detail)> SubmitAsync(string language, int i)
{
    var code = Solution(language, i);
    var started = Stopwatch.GetTimestamp();
    using var response = await http.PostAsJsonAsync("/api/submit?wait=true",
        new { code, language, problemId = "a-plus-b", userId = $"bench{i % 50}", isCustomTest = false }, json);
    response.EnsureSuccessStatusCode();
    var document = await response.Content.ReadFromJsonAsync<SubmissionDocument>(json);
    // ?wait=true answers with the current state once the service's wait cap passes (60 s by default): keep polling.
    while (document is { Status: "Queued" or "Running" })
    {
        await Task.Delay(200);
        document = await http.GetFromJsonAsync<SubmissionDocument>($"/api/submission/{document.Id}", json);
    }
    return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, document?.Verdict?.Status ?? "none", JsonSerializer.Serialize(document, json));
}

// Every source is distinct (a comment with its number), so compiled languages really compile each submission.
static string Solution(string language, int i) => language switch
{
    "python3" => $"# submission {i}\na, b = map(int, input().split())\nprint(a + b)\n",
    "cpp" => $"// submission {i}\n#include <iostream>\nint main(){{long long a,b;std::cin>>a>>b;std::cout<<a+b<<\"\\n\";}}\n",
    "javascript" => $"// submission {i}\nconst [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(BigInt);\nconsole.log((a + b).toString());\n",
    _ => throw new ArgumentException($"no a-plus-b solution for {language}"),
};

static double Percentile(double[] sorted, double p) =>
    sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntArg(string name, int fallback) => Arg(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
