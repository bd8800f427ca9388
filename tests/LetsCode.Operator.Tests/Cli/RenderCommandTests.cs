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
