using System.Text.RegularExpressions;
using LetsCode.Charts.Tests.Helm;
using LetsCode.Charts.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace LetsCode.Charts.Tests.Chart;

[Collection(HelmCollection.Name)]
public sealed class WarmPoolTests
{
    private readonly HelmCli _helm;

    public WarmPoolTests(HelmCli helm) => _helm = helm;

    [Fact]
    public async Task Default_pools_cover_python_cpp_and_java_on_gvisor()
    {
        var chart = await _helm.TemplateAsync();
        var pools = chart.OfKind("WarmPool").ToDictionary(p => p.Name);
        Assert.Equal(["cpp", "java", "python3"], pools.Keys.Order());
        foreach (var pool in pools.Values)
        {
            Assert.Equal("letscode.dev/v1alpha1", pool.ApiVersion);
            Assert.Equal("letscode-sandbox", pool.Namespace);
            Assert.Equal("gvisor", pool.Str("spec", "runtimeClassName"));
            Assert.True(pool.At("spec").Long("minReplicas") <= pool.At("spec").Long("maxReplicas"));
        }

        Assert.Equal("1Gi", pools["java"].Str("spec", "resources", "memory"));
        Assert.Equal("512Mi", pools["python3"].Str("spec", "resources", "memory"));
        Assert.Equal("ghcr.io/letscode/runner-python3:0.1.0", pools["python3"].Str("spec", "image"));
    }

    [Fact]
    public async Task Every_rendered_pool_validates_against_the_warmpool_crd_schema()
    {
        var defaults = await _helm.TemplateAsync();
        var custom = await _helm.TemplateAsync("--set", "warmPools[0].language=python3", "--set", "warmPools[0].maxReplicas=3",
            "--set", "warmPools[0].seccompProfile=profiles/letscode/python.json", "--set", "warmPools[0].nodeSelector.pool=judge",
            "--set", "warmPools[0].tolerations[0].key=judge", "--set", "warmPools[0].tolerations[0].operator=Exists");
        var crd = Manifest.ParseAll(await File.ReadAllTextAsync(RepositoryRoot.Combine("crds", "warmpool.yaml"))).Single();
        var schema = crd.At("spec", "versions").Items().Single().At("schema", "openAPIV3Schema", "properties", "spec")!;

        var pools = defaults.OfKind("WarmPool").Concat(custom.OfKind("WarmPool")).ToList();
        Assert.Equal(4, pools.Count);
        Assert.Equal("judge", custom.Single("WarmPool", "python3").Str("spec", "nodeSelector", "pool"));
        foreach (var pool in pools)
        {
            var errors = SchemaErrors(pool.At("spec")!, schema, "spec").ToList();
            Assert.True(errors.Count == 0, $"{pool}: {string.Join("; ", errors)}");
        }
    }

    [Fact]
    public async Task A_pool_with_min_above_max_fails_the_render_clearly()
    {
        var result = await _helm.TryRunAsync("template", ChartRenderer.Release, HelmCli.ChartDirectory, "--namespace", ChartRenderer.ReleaseNamespace,
            "--set", "warmPools[0].language=python3", "--set", "warmPools[0].minReplicas=5", "--set", "warmPools[0].maxReplicas=2");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("minReplicas 5 exceeds maxReplicas 2", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pool_with_an_invalid_language_fails_the_render_clearly()
    {
        var result = await _helm.TryRunAsync("template", ChartRenderer.Release, HelmCli.ChartDirectory, "--namespace", ChartRenderer.ReleaseNamespace,
            "--set", "warmPools[0].language=Python 3", "--set", "warmPools[0].maxReplicas=2");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("/warmPools/0/language", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Misspelt_values_are_rejected_by_the_values_schema_instead_of_being_ignored()
    {
        var result = await _helm.TryRunAsync("template", ChartRenderer.Release, HelmCli.ChartDirectory, "--namespace", ChartRenderer.ReleaseNamespace,
            "--set", "operator.replicass=3");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("additional properties 'replicass' not allowed", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The structural part of OpenAPI v3 validation the chart can get wrong: types, required, unknown
    /// fields, patterns, minimums.</summary>
    private static IEnumerable<string> SchemaErrors(YamlNode value, YamlNode schema, string path)
    {
        var type = schema.Str("type");
        switch (type)
        {
            case "object":
                if (value is not YamlMappingNode)
                {
                    yield return $"{path} is not an object";
                    yield break;
                }

                foreach (var required in schema.At("required").Strings())
                {
                    if (value.At(required) is null)
                    {
                        yield return $"{path}.{required} is required";
                    }
                }

                var properties = schema.At("properties");
                var additional = schema.At("additionalProperties");
                foreach (var key in value.Keys())
                {
                    var child = properties.At(key) ?? additional;
                    if (child is null)
                    {
                        yield return $"{path}.{key} is not in the schema";
                        continue;
                    }

                    foreach (var error in SchemaErrors(value.At(key)!, child, $"{path}.{key}"))
                    {
                        yield return error;
                    }
                }

                break;
            case "array":
                var items = schema.At("items")!;
                var index = 0;
                foreach (var item in value.Items())
                {
                    foreach (var error in SchemaErrors(item, items, $"{path}[{index++}]"))
                    {
                        yield return error;
                    }
                }

                break;
            case "integer":
                if (!long.TryParse(value.Str(), out var number))
                {
                    yield return $"{path} is not an integer";
                }
                else if (schema.Long("minimum") is { } minimum && number < minimum)
                {
                    yield return $"{path} is below {minimum}";
                }

                break;
            case "string":
                if (value is not YamlScalarNode { Value: { } text })
                {
                    yield return $"{path} is not a string";
                }
                else if (schema.Str("pattern") is { } pattern && !Regex.IsMatch(text, pattern))
                {
                    yield return $"{path} does not match {pattern}";
                }
                else if (schema.Long("minLength") is { } minLength && text.Length < minLength)
                {
                    yield return $"{path} is shorter than {minLength}";
                }

                break;
        }
    }
}
