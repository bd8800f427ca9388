using System.Net;
using LetsCode.Kubernetes.Config;
using LetsCode.Testing.Time;

namespace LetsCode.Kubernetes.Tests.Config;

public sealed class InClusterConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("letscode-sa-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string? Environment(string name) => name switch
    {
        "KUBERNETES_SERVICE_HOST" => "10.96.0.1",
        "KUBERNETES_SERVICE_PORT" => "443",
        _ => null,
    };

    [Fact]
    public async Task Reads_the_service_account_files()
    {
        File.WriteAllText(Path.Combine(_directory, "token"), "sa-token");
        File.WriteAllText(Path.Combine(_directory, "namespace"), "letscode-system\n");

        Assert.True(InClusterConfiguration.IsAvailable(Environment, _directory));
        var config = InClusterConfiguration.Load(Environment, _directory);

        Assert.Equal(new Uri("https://10.96.0.1:443"), config.Server);
        Assert.Equal("letscode-system", config.Namespace);
        Assert.Equal("sa-token", await config.TokenSource!.GetTokenAsync(CancellationToken.None));
    }

    [Fact]
    public void Ipv6_service_host_gets_brackets()
    {
        File.WriteAllText(Path.Combine(_directory, "token"), "t");
        var config = InClusterConfiguration.Load(name => name == "KUBERNETES_SERVICE_HOST" ? "fd00::1" : Environment(name), _directory);
        Assert.Equal("[fd00::1]", config.Server.Host);
    }

    [Fact]
    public void Outside_a_cluster_it_says_so()
    {
        Assert.False(InClusterConfiguration.IsAvailable(_ => null, _directory));
        var error = Assert.Throws<KubernetesConfigurationException>(() => InClusterConfiguration.Load(_ => null, _directory));
        Assert.Contains("KUBERNETES_SERVICE_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotated_token_is_picked_up_after_a_minute()
    {
        var tokenPath = Path.Combine(_directory, "token");
        File.WriteAllText(tokenPath, "first");
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var source = new FileTokenSource(tokenPath, clock);

        Assert.Equal("first", await source.GetTokenAsync(CancellationToken.None));
        File.WriteAllText(tokenPath, "second");
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("first", await source.GetTokenAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("second", await source.GetTokenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Bearer_handler_sets_the_current_token_on_every_request()
    {
        var tokenPath = Path.Combine(_directory, "token");
        File.WriteAllText(tokenPath, "one");
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var seen = new List<string?>();
        using var client = new HttpClient(new BearerTokenHandler(new FileTokenSource(tokenPath, clock))
        {
            InnerHandler = new CapturingHandler(request => seen.Add(request.Headers.Authorization?.ToString())),
        });

        await client.GetAsync(new Uri("http://unused.invalid/a"));
        File.WriteAllText(tokenPath, "two");
        clock.Advance(TimeSpan.FromMinutes(2));
        await client.GetAsync(new Uri("http://unused.invalid/b"));

        Assert.Equal(["Bearer one", "Bearer two"], seen);
    }

    private sealed class CapturingHandler(Action<HttpRequestMessage> capture) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            capture(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
