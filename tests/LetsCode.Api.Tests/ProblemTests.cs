using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LetsCode.Api.Contracts;
using LetsCode.Api.Tests.Infrastructure;

namespace LetsCode.Api.Tests;

/// <summary>Problem CRUD, sample problems, and streaming test data upload / download.</summary>
public sealed class ProblemTests : IDisposable
{
    private readonly TempDirectory data = new();
    private readonly ApiHost host;
    private readonly HttpClient client;

    public ProblemTests()
    {
        host = new ApiHost(data.Path, new ScriptedJudge());
        client = host.CreateClient();
    }

    [Fact]
    public async Task Sample_problems_are_loaded_on_first_start()
    {
        var problems = await client.GetFromJsonAsync<List<ProblemSummary>>("/api/problems", HttpApi.Json);
        Assert.Equal(["a-plus-b", "binary-search", "two-sum"], problems!.Select(p => p.Id));
        var twoSum = await client.GetFromJsonAsync<ProblemDocument>("/api/problems/two-sum", HttpApi.Json);
        Assert.Equal("function", twoSum!.Kind);
        Assert.Equal("twoSum", twoSum.Function!.EntryPoint);
        var sample = twoSum.Tests[0];
        Assert.True(sample.Sample);
        Assert.Equal("[[2,7,11,15],9]\n", sample.Input);
        Assert.Equal("[0,1]\n", sample.ExpectedOutput);
        Assert.Null(twoSum.Tests[^1].Input); // hidden tests do not show their data
    }

    [Fact]
    public async Task Create_read_update_delete()
    {
        var created = await client.PostAsJsonAsync("/api/problems", new
        {
            id = "echo",
            title = "Echo",
            statement = "Print the input.",
            limits = new { timeMs = 500, memoryMiB = 64 },
            checker = new { kind = "exact" },
            tests = new[] { new { name = "one", input = "hi\n", expectedOutput = "hi\n", sample = true } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/problems/echo", created.Headers.Location!.OriginalString);

        var duplicate = await client.PostAsJsonAsync("/api/problems", new { id = "echo", title = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(["id"], await duplicate.ErrorFieldsAsync());

        var document = await client.GetFromJsonAsync<ProblemDocument>("/api/problems/echo", HttpApi.Json);
        Assert.Equal(500, document!.Limits.TimeMs);
        Assert.Equal("exact", document.Checker.Kind);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("hi\n"u8)), document.Tests[0].InputSha256);

        // PUT without tests keeps them; with tests replaces them.
        var updated = await client.PutAsJsonAsync("/api/problems/echo", new { title = "Echo 2", limits = new { timeMs = 700 } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var afterUpdate = await updated.Content.ReadFromJsonAsync<ProblemDocument>(HttpApi.Json);
        Assert.Equal("Echo 2", afterUpdate!.Title);
        Assert.Equal(700, afterUpdate.Limits.TimeMs);
        Assert.Single(afterUpdate.Tests);

        var replaced = await client.PutAsJsonAsync("/api/problems/echo", new
        {
            title = "Echo 3",
            tests = new[] { new { name = "a", input = "1", expectedOutput = "1" }, new { name = "b", input = "2", expectedOutput = "2" } },
        });
        Assert.Equal(["a", "b"], (await replaced.Content.ReadFromJsonAsync<ProblemDocument>(HttpApi.Json))!.Tests.Select(t => t.Name));

        var mismatch = await client.PutAsJsonAsync("/api/problems/echo", new { id = "other", title = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Equal(["id"], await mismatch.ErrorFieldsAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/problems/echo")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/problems/echo")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/problems/echo")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/problems/echo", new { title = "x" })).StatusCode);
    }

    [Fact]
    public async Task Function_style_tests_need_args_and_expected()
    {
        var response = await client.PostAsJsonAsync("/api/problems", new
        {
            id = "fs",
            title = "F",
            function = new { entryPoint = "solve()" },
            tests = new object[] { new { name = "t", input = "1" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["function.entryPoint", "tests[0].args", "tests[0].expected"], (await response.ErrorFieldsAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Large_test_data_is_streamed_to_content_addressed_storage()
    {
        await client.PostAsJsonAsync("/api/problems", new { id = "big", title = "Big" });

        // 24 MiB, generated on the fly by the request stream (never a single buffer in the test either).
        const long size = 24L * 1024 * 1024;
        var upload = new StreamContent(new PatternStream(size));
        upload.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        var response = await client.PutAsync("/api/problems/big/tests/huge/input?sample=false", upload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await response.Content.ReadFromJsonAsync<TestDataUploadResponse>(HttpApi.Json))!;
        Assert.Equal(size, stored.Bytes);

        string expectedHash;
        using (var sha = SHA256.Create())
        {
            expectedHash = Convert.ToHexStringLower(await sha.ComputeHashAsync(new PatternStream(size)));
        }
        Assert.Equal(expectedHash, stored.Sha256);
        Assert.True(File.Exists(Path.Combine(data.Path, "testdata", expectedHash[..2], expectedHash)));

        var output = await client.PutAsync("/api/problems/big/tests/huge/output", new StringContent("42\n"));
        Assert.Equal(HttpStatusCode.OK, output.StatusCode);

        var document = await client.GetFromJsonAsync<ProblemDocument>("/api/problems/big", HttpApi.Json);
        var test = Assert.Single(document!.Tests);
        Assert.Equal(("huge", size, 3L), (test.Name, test.InputBytes, test.OutputBytes));

        await using (var download = await client.GetStreamAsync("/api/problems/big/tests/huge/input"))
        using (var sha = SHA256.Create())
        {
            Assert.Equal(expectedHash, Convert.ToHexStringLower(await sha.ComputeHashAsync(download)));
        }

        var badPart = await client.PutAsync("/api/problems/big/tests/huge/answer", new StringContent("x"));
        Assert.Equal(["part"], await badPart.ErrorFieldsAsync());
        var noProblem = await client.PutAsync("/api/problems/nope/tests/t/input", new StringContent("x"));
        Assert.Equal(HttpStatusCode.NotFound, noProblem.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/problems/big/tests/huge")).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<ProblemDocument>("/api/problems/big", HttpApi.Json))!.Tests);
    }

    [Fact]
    public async Task Uploads_over_the_cap_are_413_and_leave_nothing_behind()
    {
        await using var small = new ApiHost(data.Path + "-cap", new ScriptedJudge(),
            new Dictionary<string, string?> { ["LetsCode:MaxTestDataUploadBytes"] = "1000" });
        using var smallClient = small.CreateClient();
        var tooBig = new StreamContent(new PatternStream(5000)); // no Content-Length: caught while streaming
        var response = await smallClient.PutAsync("/api/problems/a-plus-b/tests/x/input", tooBig);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(data.Path + "-cap", "testdata", "tmp")));
        var problem = await smallClient.GetFromJsonAsync<JsonObject>("/api/problems/a-plus-b");
        Assert.DoesNotContain(problem!["tests"]!.AsArray(), t => (string?)t!["name"] == "x");
    }

    public void Dispose()
    {
        client.Dispose();
        host.Dispose();
        data.Dispose();
        try
        {
            Directory.Delete(data.Path + "-cap", recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>A deterministic non-seekable stream of the given length, without a known length.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = (byte)('a' + ((position + i) % 26));
            }
            position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
