using System.Text;
using LetsCode.Charts.Tests.Helm;

namespace LetsCode.Charts.Tests.Chart;

[Collection(HelmCollection.Name)]
public sealed class DatabaseTests
{
    private readonly HelmCli _helm;

    public DatabaseTests(HelmCli helm) => _helm = helm;

    [Fact]
    public async Task Without_external_urls_postgresql_and_redis_are_bundled_and_wired_to_the_api()
    {
        var chart = await _helm.TemplateAsync();
        var postgres = chart.Single("StatefulSet", "letscode-postgresql");
        var redis = chart.Single("StatefulSet", "letscode-redis");
        Assert.Equal(ChartRenderer.ReleaseNamespace, postgres.Namespace);
        Assert.Equal(ChartRenderer.ReleaseNamespace, redis.Namespace);
        Assert.Equal("None", chart.Single("Service", "letscode-postgresql").Str("spec", "clusterIP"));
        Assert.Equal("999", postgres.PodSpec.Str("securityContext", "runAsUser"));

        var secret = Secret(chart);
        var pgPassword = secret["postgres-password"];
        Assert.Equal(32, pgPassword.Length);
        Assert.Equal($"Host=letscode-postgresql;Port=5432;Username=letscode;Password={pgPassword};Database=letscode", secret["postgres-connection-string"]);
        Assert.Equal($"letscode-redis:6379,password={secret["redis-password"]}", secret["redis-connection-string"]);
        Assert.Equal(48, secret["internal-token"].Length);

        // The bundled servers read their passwords from the same Secret.
        var pgEnv = ComponentTests.Env(postgres.PodSpec.At("containers").Items().Single());
        Assert.Equal("postgres-password", pgEnv["POSTGRES_PASSWORD"].Str("valueFrom", "secretKeyRef", "key"));
        var redisContainer = redis.PodSpec.At("containers").Items().Single();
        Assert.Equal("redis-password", ComponentTests.Env(redisContainer)["REDIS_PASSWORD"].Str("valueFrom", "secretKeyRef", "key"));
        Assert.Contains("--requirepass", redisContainer.At("args").Strings());
    }

    [Fact]
    public async Task External_connection_strings_turn_the_bundled_databases_off()
    {
        const string pg = "Host=pg.example;Port=5432;Username=lc;Password=p;Database=lc;SSL Mode=Require";
        const string rd = "redis.example:6380,password=q";
        var chart = await _helm.TemplateAsync("--set-string", $"postgresql.external.connectionString={pg.Replace(",", "\\,", StringComparison.Ordinal)}",
            "--set-string", $"redis.external.connectionString={rd.Replace(",", "\\,", StringComparison.Ordinal)}");

        Assert.Empty(chart.OfKind("StatefulSet"));
        Assert.DoesNotContain(chart.OfKind("Service"), s => s.Name is "letscode-postgresql" or "letscode-redis");
        var secret = Secret(chart);
        Assert.Equal(pg, secret["postgres-connection-string"]);
        Assert.Equal(rd, secret["redis-connection-string"]);
        Assert.False(secret.ContainsKey("postgres-password"));
        Assert.False(secret.ContainsKey("redis-password"));

        var env = ComponentTests.Env(chart.Single("Deployment", "letscode-api").PodSpec.At("containers").Items().Single());
        Assert.Equal("Cluster", env["Mode"].Str("value"));
        Assert.Equal("letscode-secrets", env["ConnectionStrings__Postgres"].Str("valueFrom", "secretKeyRef", "name"));
    }

    [Fact]
    public async Task Existing_secrets_are_referenced_and_not_copied()
    {
        var chart = await _helm.TemplateAsync(
            "--set", "postgresql.external.existingSecret=db-creds", "--set", "postgresql.external.existingSecretKey=pg",
            "--set", "redis.external.existingSecret=db-creds", "--set", "redis.external.existingSecretKey=redis",
            "--set", "internalToken.existingSecret=tokens");

        Assert.Empty(chart.OfKind("StatefulSet"));
        Assert.Empty(chart.OfKind("Secret"));
        var env = ComponentTests.Env(chart.Single("Deployment", "letscode-api").PodSpec.At("containers").Items().Single());
        Assert.Equal("db-creds", env["ConnectionStrings__Postgres"].Str("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("pg", env["ConnectionStrings__Postgres"].Str("valueFrom", "secretKeyRef", "key"));
        Assert.Equal("redis", env["ConnectionStrings__Redis"].Str("valueFrom", "secretKeyRef", "key"));
        Assert.Equal("tokens", env["Internal__Token"].Str("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("internal-token", env["Internal__Token"].Str("valueFrom", "secretKeyRef", "key"));
    }

    private static Dictionary<string, string> Secret(RenderedChart chart)
    {
        var secret = chart.Single("Secret", "letscode-secrets");
        return secret.At("data").Keys().ToDictionary(k => k, k => Encoding.UTF8.GetString(Convert.FromBase64String(secret.Str("data", k)!)));
    }
}
