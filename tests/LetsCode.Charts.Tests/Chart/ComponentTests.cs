using LetsCode.Charts.Tests.Helm;
using LetsCode.Charts.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace LetsCode.Charts.Tests.Chart;

[Collection(HelmCollection.Name)]
public sealed class ComponentTests
{
    private readonly HelmCli _helm;

    public ComponentTests(HelmCli helm) => _helm = helm;

    [Fact]
    public async Task The_api_runs_in_cluster_mode_with_its_connection_strings_from_a_secret()
    {
        var chart = await _helm.TemplateAsync();
        var api = chart.Single("Deployment", "letscode-api");
        var container = Assert.Single(api.PodSpec.At("containers").Items());
        var env = Env(container);

        // Exactly the variables LetsCode.Api.Cluster.Tests' ShippedBinariesTests starts letscode-server with.
        Assert.Equal(
            ["ASPNETCORE_HTTP_PORTS", "Cluster__Namespace", "ConnectionStrings__Postgres", "ConnectionStrings__Redis", "Database__ApplyMigrations",
             "Internal__Token", "LetsCode__DataDirectory", "Mode"],
            env.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Cluster", env["Mode"].Str("value"));
        Assert.Equal("8080", env["ASPNETCORE_HTTP_PORTS"].Str("value"));
        Assert.StartsWith("/tmp/", env["LetsCode__DataDirectory"].Str("value"), StringComparison.Ordinal); // the writable emptyDir
        Assert.Equal("letscode-sandbox", env["Cluster__Namespace"].Str("value"));
        Assert.Equal("true", env["Database__ApplyMigrations"].Str("value"));
        foreach (var (variable, key) in new[] { ("ConnectionStrings__Postgres", "postgres-connection-string"), ("ConnectionStrings__Redis", "redis-connection-string"), ("Internal__Token", "internal-token") })
        {
            Assert.Null(env[variable].Str("value"));
            Assert.Equal("letscode-secrets", env[variable].Str("valueFrom", "secretKeyRef", "name"));
            Assert.Equal(key, env[variable].Str("valueFrom", "secretKeyRef", "key"));
        }

        Assert.Equal("/healthz", container.Str("livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", container.Str("readinessProbe", "httpGet", "path"));
        Assert.Equal("http", container.Str("readinessProbe", "httpGet", "port"));
        Assert.Equal("8080", container.At("ports").Items().Single().Str("containerPort"));
        Assert.NotNull(container.Str("resources", "limits", "memory"));
        Assert.Equal("2", api.Str("spec", "replicas"));

        var service = chart.Single("Service", "letscode-api");
        Assert.Equal("http", service.At("spec", "ports").Items().Single().Str("targetPort"));
        Assert.Equal("api", service.Str("spec", "selector", "app.kubernetes.io/component"));
    }

    [Fact]
    public async Task The_operator_runs_leader_elected_with_two_replicas_and_bounded_resources()
    {
        var chart = await _helm.TemplateAsync();
        var op = chart.Single("Deployment", "letscode-operator");
        Assert.Equal("2", op.Str("spec", "replicas"));
        Assert.Equal("letscode-operator", op.PodSpec.Str("serviceAccountName"));
        var container = Assert.Single(op.PodSpec.At("containers").Items());
        var args = container.At("args").Strings().ToList();

        Assert.Equal("run", args[0]);
        Assert.Contains("--namespace=letscode-sandbox", args);
        Assert.Contains("--leader-elect=true", args);
        Assert.Contains("--leader-election-lease=letscode-operator", args);
        Assert.Contains("--leader-election-namespace=$(POD_NAMESPACE)", args);
        Assert.Contains("--seccomp-profile-directory=profiles/letscode", args);
        Assert.Contains("--test-suite-endpoint=http://letscode-api.letscode-system.svc:80/", args);
        Assert.Equal("metadata.namespace", Env(container)["POD_NAMESPACE"].Str("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("internal-token", Env(container)["LETSCODE_INTERNAL_TOKEN"].Str("valueFrom", "secretKeyRef", "key"));
        Assert.NotNull(container.Str("resources", "requests", "cpu"));
        Assert.NotNull(container.Str("resources", "limits", "memory"));
        Assert.Equal("/healthz", container.Str("livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", container.Str("readinessProbe", "httpGet", "path"));

        var budget = chart.Single("PodDisruptionBudget", "letscode-operator");
        Assert.Equal("1", budget.Str("spec", "minAvailable"));
    }

    [Fact]
    public async Task Images_follow_the_registry_and_tag_values()
    {
        var chart = await _helm.TemplateAsync("--set", "image.registry=registry.example/lc", "--set", "image.tag=1.2.3", "--set", "operator.image.tag=1.2.4");
        Assert.Equal("registry.example/lc/api:1.2.3", ImageOf(chart.Single("Deployment", "letscode-api")));
        Assert.Equal("registry.example/lc/operator:1.2.4", ImageOf(chart.Single("Deployment", "letscode-operator")));
        Assert.Equal("registry.example/lc/runner-cpp:1.2.3", chart.Single("WarmPool", "cpp").Str("spec", "image"));
    }

    [Fact]
    public async Task Helm_test_checks_the_api_readiness_through_its_service()
    {
        var chart = await _helm.TemplateAsync();
        var pod = chart.Single("Pod", "letscode-api-test");
        Assert.Equal("test", pod.Str("metadata", "annotations", "helm.sh/hook"));
        Assert.Equal("Never", pod.Str("spec", "restartPolicy"));
        var command = pod.PodSpec.At("containers").Items().Single().At("command").Strings().ToList();
        Assert.Equal("http://letscode-api.letscode-system.svc:80/readyz", command[^1]);
    }

    internal static Dictionary<string, YamlNode> Env(YamlNode container) =>
        container.At("env").Items().ToDictionary(e => e.Str("name")!);

    private static string? ImageOf(Manifest deployment) => deployment.PodSpec.At("containers").Items().Single().Str("image");
}
