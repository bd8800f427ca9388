using LetsCode.Operator.Judging;
using LetsCode.Operator.Tests.Support;

namespace LetsCode.Operator.Tests.Judging;

public sealed class HttpTestSuiteSourceTests
{
    private const string Suite = """[{"name":"1","input":"1 2\n","expectedOutput":"3\n"},{"name":"2","input":"5 5\n","expectedOutput":"10\n"}]""";

    [Fact]
    public async Task Fetches_verifies_the_hash_and_caches_by_it()
    {
        using var server = new TestSuiteServer();
        var sha = server.Add("a-plus-b", Suite);
        using var http = new HttpClient();
        var source = new HttpTestSuiteSource(http, server.BaseAddress);

        var tests = await source.GetAsync("a-plus-b", sha, CancellationToken.None);
        Assert.Equal(["1", "2"], tests.Select(t => t.Name));
        Assert.Equal("10\n", tests[1].ExpectedOutput);
        await source.GetAsync("a-plus-b", sha.ToUpperInvariant(), CancellationToken.None);
        Assert.Equal(1, server.Requests); // the second came from the cache
    }

    [Fact]
    public async Task Unknown_suites_and_wrong_hashes_fail_permanently_an_unreachable_endpoint_does_not()
    {
        using var server = new TestSuiteServer();
        var wrong = server.Add("tampered", Suite, servedAs: new string('0', 64));
        using var http = new HttpClient();
        var source = new HttpTestSuiteSource(http, server.BaseAddress);

        var missing = await Assert.ThrowsAsync<TestSuiteUnavailableException>(() => source.GetAsync("nope", new string('1', 64), CancellationToken.None));
        Assert.True(missing.Permanent);
        var tampered = await Assert.ThrowsAsync<TestSuiteUnavailableException>(() => source.GetAsync("tampered", wrong, CancellationToken.None));
        Assert.True(tampered.Permanent);
        Assert.Contains("hashes to", tampered.Message);

        var down = new HttpTestSuiteSource(http, new Uri("http://127.0.0.1:1/"));
        var unreachable = await Assert.ThrowsAsync<TestSuiteUnavailableException>(() => down.GetAsync("p", new string('1', 64), CancellationToken.None));
        Assert.False(unreachable.Permanent);
    }
}
