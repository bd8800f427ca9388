using LetsCode.Charts.Tests.Helm;
using LetsCode.Charts.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace LetsCode.Charts.Tests.Chart;

/// <summary>The operator's warm-pool autoscaler: Redis from the chart's Secret, scale rights, and the off switch.</summary>
[Collection(HelmCollection.Name)]
public sealed class AutoscalerTests
{
    private readonly HelmCli _helm;

    public AutoscalerTests(HelmCli helm) => _helm = helm;

    [Fact]
    public async Task By_default_the_operator_gets_redis_from_the_secret_and_may_write_the_scale_subresource()
    {
        var chart = await _helm.TemplateAsync();
        var container = Operator(chart);
        // An environment variable from the Secret, never a flag: the connection string holds the password.
        Assert.Equal("letscode-secrets", ComponentTests.Env(container)["LETSCODE_REDIS"].Str("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("redis-connection-string", ComponentTests.Env(container)["LETSCODE_REDIS"].Str("valueFrom", "secretKeyRef", "key"));
        Assert.Contains("--autoscale-interval-seconds=15", container.At("args").Strings());
        Assert.DoesNotContain(container.At("args").Strings(), a => a.StartsWith("--redis", StringComparison.Ordinal));

        var grants = RbacTests.Grants(chart.Single("Role", "letscode-operator"));
        Assert.Equal(["get", "patch", "update"], grants["letscode.dev/warmpools/scale"]);
        Assert.Equal(["get", "list", "patch", "update", "watch"], grants["letscode.dev/warmpools"]);
    }

    [Fact]
    public async Task External_redis_from_an_existing_secret_reaches_the_operator_too()
    {
        var chart = await _helm.TemplateAsync("--set", "redis.external.existingSecret=db-creds", "--set", "redis.external.existingSecretKey=redis",
            "--set", "operator.autoscaler.intervalSeconds=30");
        var container = Operator(chart);
        Assert.Equal("db-creds", ComponentTests.Env(container)["LETSCODE_REDIS"].Str("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("redis", ComponentTests.Env(container)["LETSCODE_REDIS"].Str("valueFrom", "secretKeyRef", "key"));
        Assert.Contains("--autoscale-interval-seconds=30", container.At("args").Strings());
    }

    [Fact]
    public async Task Disabled_the_operator_has_no_redis_and_only_reads_the_scale_subresource()
    {
        var chart = await _helm.TemplateAsync("--set", "operator.autoscaler.enabled=false");
        var container = Operator(chart);
        Assert.False(ComponentTests.Env(container).ContainsKey("LETSCODE_REDIS"));
        Assert.DoesNotContain(container.At("args").Strings(), a => a.StartsWith("--autoscale", StringComparison.Ordinal));
        Assert.Equal(["get"], RbacTests.Grants(chart.Single("Role", "letscode-operator"))["letscode.dev/warmpools/scale"]);
    }

    [Fact]
    public async Task The_schema_rejects_a_bad_interval()
    {
        var result = await _helm.TryRunAsync("template", ChartRenderer.Release, HelmCli.ChartDirectory, "--namespace", ChartRenderer.ReleaseNamespace,
            "--set", "operator.autoscaler.intervalSeconds=0");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("intervalSeconds", result.Stderr, StringComparison.Ordinal);
    }

    private static YamlNode Operator(RenderedChart chart) =>
        chart.Single("Deployment", "letscode-operator").PodSpec.At("containers").Items().Single();
}
