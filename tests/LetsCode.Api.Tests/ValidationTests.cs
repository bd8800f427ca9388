using System.Net;
using System.Net.Http.Json;
using System.Text;
using LetsCode.Api.Tests.Infrastructure;

namespace LetsCode.Api.Tests;

/// <summary>Bad input gets an RFC 7807 problem naming the field, never a crash.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly TempDirectory data = new();
    private readonly ScriptedJudge judge = new();
    private readonly ApiHost host;
    private readonly HttpClient client;

    public ValidationTests()
    {
        host = new ApiHost(data.Path, judge, new Dictionary<string, string?> { ["LetsCode:PerUserQueueCap"] = "2", ["LetsCode:Workers"] = "1" });
        client = host.CreateClient();
    }

    private Task<HttpResponseMessage> PostRawAsync(string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Malformed_json_is_a_400_naming_where_it_broke()
    {
        var truncated = await PostRawAsync("/api/submit", "{\"code\": \"print(1)\",");
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Contains("body", await truncated.ErrorFieldsAsync());

        var wrongType = await PostRawAsync("/api/submit", "{\"code\":\"x\",\"language\":\"python3\",\"problemId\":\"a-plus-b\",\"userId\":\"u\",\"isCustomTest\":\"yes\"}");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("isCustomTest", await wrongType.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Missing_fields_are_named()
    {
        var response = await PostRawAsync("/api/submit", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = await response.ErrorFieldsAsync();
        Assert.Equal(["code", "language", "problemId", "userId"], fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Oversized_code_is_400_naming_code_and_a_body_beyond_any_valid_request_is_413()
    {
        var code = new string('x', (64 * 1024) + 1);
        var response = await client.PostAsJsonAsync("/api/submit", new { code, language = "python3", problemId = "a-plus-b", userId = "u" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["code"], await response.ErrorFieldsAsync());

        // Past what any valid request can be, the body is not even read whole: 413, still naming the field.
        var huge = await PostRawAsync("/api/submit", "{\"code\":\"" + new string('y', 1024 * 1024) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task Unknown_language_is_400_and_unknown_problem_404()
    {
        var language = await client.PostAsJsonAsync("/api/submit", new { code = "x", language = "cobol", problemId = "a-plus-b", userId = "u" });
        Assert.Equal(HttpStatusCode.BadRequest, language.StatusCode);
        Assert.Equal(["language"], await language.ErrorFieldsAsync());

        var problem = await client.PostAsJsonAsync("/api/submit", new { code = "x", language = "python3", problemId = "no-such", userId = "u" });
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal(["problemId"], await problem.ErrorFieldsAsync());

        var functionStyle = await client.PostAsJsonAsync("/api/submit", new { code = "x", language = "cpp", problemId = "two-sum", userId = "u" });
        Assert.Equal(HttpStatusCode.BadRequest, functionStyle.StatusCode);
        Assert.Equal(["language"], await functionStyle.ErrorFieldsAsync());

        var submission = await client.GetAsync($"/api/submission/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, submission.StatusCode);
        Assert.Equal(["id"], await submission.ErrorFieldsAsync());

        var malformed = await client.GetAsync("/api/submission/not-a-guid");
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(["id"], await malformed.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Negative_or_huge_limits_are_named()
    {
        var response = await client.PostAsJsonAsync("/api/problems", new
        {
            id = "limits",
            title = "Limits",
            limits = new { timeMs = -1, memoryMiB = 1_000_000, processes = 0, outputKiB = int.MaxValue },
            checker = new { kind = "fuzzy" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = await response.ErrorFieldsAsync();
        Assert.Equal(["checker.kind", "limits.memoryMiB", "limits.outputKiB", "limits.processes", "limits.timeMs"], fields.Order(StringComparer.Ordinal));

        var overflow = await PostRawAsync("/api/problems", "{\"id\":\"x\",\"title\":\"x\",\"limits\":{\"timeMs\":99999999999}}");
        Assert.Equal(HttpStatusCode.BadRequest, overflow.StatusCode);
        Assert.Equal(["limits.timeMs"], await overflow.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Too_many_queued_submissions_is_429_with_retry_after()
    {
        // One worker, slow judging: the cap of 2 fills up.
        await client.SubmitAsync("#! delay=2000", "python3", "a-plus-b", "bob");
        await client.SubmitAsync("#! delay=2000", "python3", "a-plus-b", "bob");
        var third = await client.PostAsJsonAsync("/api/submit", new { code = "#! delay=1", language = "python3", problemId = "a-plus-b", userId = "bob" });
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(429, (int)(await third.ProblemAsync())["status"]!);

        // Another user is not affected.
        await client.SubmitAsync("#! delay=1", "python3", "a-plus-b", "carol");
    }

    [Fact]
    public async Task Test_run_validates_its_fields()
    {
        var response = await client.PostAsJsonAsync("/api/test", new { input = "1 2" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["code", "language"], (await response.ErrorFieldsAsync()).Order(StringComparer.Ordinal));

        var input = await client.PostAsJsonAsync("/api/test", new { code = "x", language = "python3", input = new string('1', (1024 * 1024) + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, input.StatusCode);
        Assert.Equal(["input"], await input.ErrorFieldsAsync());
    }

    public void Dispose()
    {
        client.Dispose();
        host.Dispose();
        data.Dispose();
    }
}
