using System.Text;
using LetsCode.Kubernetes.Simulator;
using LetsCode.Operator.Cli;
using LetsCode.Operator.Policy;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Tests.Support;

namespace LetsCode.Operator.Tests.Cli;

public sealed class RenderCommandTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await OperatorCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Render_of_a_pool_prints_yaml_documents_of_the_expected_kinds()
    {
        var file = Path.Combine(TestPaths.RepositoryRoot, "crds", "samples", "warmpool-python3.yaml");
        var (code, output, error) = await RunAsync("render", "-f", file, "--quota-pods", "20", "--quota-cpu", "16");
        Assert.True(code == 0, error);

        var documents = YamlJson.ParseDocuments(output);
        var kinds = documents.Select(d => d!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(["NetworkPolicy", "ResourceQuota", "LimitRange", "Pod", "Pod"], kinds); // the sample's minReplicas is 2
        foreach (var pod in documents.Where(d => d!["kind"]!.GetValue<string>() == "Pod"))
        {
            Assert.Empty(RestrictedProfileChecker.Check(pod!));
            Assert.Equal("gvisor", pod!["spec"]!["runtimeClassName"]!.GetValue<string>());
            Assert.Equal("true", pod["metadata"]!["labels"]![SandboxLabels.Sandbox]!.GetValue<string>()); // a string, not a bool
        }
    }

    [Fact]
    public async Task Render_of_a_submission_prints_its_cold_pod()
    {
        var file = Path.Combine(TestPaths.RepositoryRoot, "crds", "samples", "submission-a-plus-b.yaml");
        var (code, output, error) = await RunAsync("render", "-f", file);
        Assert.True(code == 0, error);
        var documents = YamlJson.ParseDocuments(output);
        Assert.Equal(["NetworkPolicy", "Pod"], documents.Select(d => d!["kind"]!.GetValue<string>()));
        Assert.Equal("claimed", documents[1]!["metadata"]!["labels"]![SandboxLabels.State]!.GetValue<string>());
    }

    /// <summary>
    /// What render prints is what the operator creates, so an API server must take all of it: the simulator validates
    /// pods as a real one does (dnsPolicy None needs a nameserver, LimitRange and quota admission, labels, ...).
    /// </summary>
    [Fact]
    public async Task Everything_render_prints_for_the_samples_is_accepted_by_the_api_server()
    {
        var samples = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "crds", "samples"), "*.yaml").Order(StringComparer.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"letscode-render-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, string.Join("\n---\n", samples.Select(File.ReadAllText)));
        string output;
        try
        {
            var (code, rendered, error) = await RunAsync("render", "-f", path, "--quota-pods", "50", "--quota-cpu", "64", "--quota-memory", "64Gi");
            Assert.True(code == 0, error);
            output = rendered;
        }
        finally
        {
            File.Delete(path);
        }

        await using var simulator = await KubernetesSimulator.StartAsync();
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        await PostAsync(http, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"letscode-sandbox"}}""");
        var kinds = new List<string>();
        foreach (var document in YamlJson.ParseDocuments(output))
        {
            var kind = document!["kind"]!.GetValue<string>();
            var ns = document["metadata"]!["namespace"]!.GetValue<string>();
            var collection = kind switch
            {
                "Pod" => $"/api/v1/namespaces/{ns}/pods",
                "NetworkPolicy" => $"/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies",
                "ResourceQuota" => $"/api/v1/namespaces/{ns}/resourcequotas",
                "LimitRange" => $"/api/v1/namespaces/{ns}/limitranges",
                _ => throw new InvalidOperationException($"render printed an unexpected {kind}"),
            };
            await PostAsync(http, collection, document.ToJsonString());
            kinds.Add(kind);
        }

        Assert.Contains("Pod", kinds);
        Assert.Contains("NetworkPolicy", kinds);
    }

    private static async Task PostAsync(HttpClient http, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_error_not_a_crash()
    {
        var path = Path.Combine(Path.GetTempPath(), $"letscode-render-{Guid.NewGuid():N}.yaml");
        try
        {
            await File.WriteAllTextAsync(path, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
            var (code, _, error) = await RunAsync("render", "-f", path);
            Assert.Equal(1, code);
            Assert.Contains("expected a letscode.dev/v1alpha1 WarmPool or Submission", error);

            await File.WriteAllTextAsync(path, "kind: [unclosed");
            (code, _, error) = await RunAsync("render", "-f", path);
            Assert.Equal(1, code);
            Assert.Contains("not valid YAML", error);

            (code, _, error) = await RunAsync("render", "-f", path + ".missing");
            Assert.Equal(1, code);
            Assert.NotEmpty(error);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
