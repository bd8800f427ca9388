using LetsCode.Charts.Tests.Yaml;

namespace LetsCode.Charts.Tests.Helm;

/// <summary><c>helm template</c> of charts/letscode, parsed into manifests.</summary>
public static class ChartRenderer
{
    public const string Release = "letscode";
    public const string ReleaseNamespace = "letscode-system";

    /// <param name="settings">Extra helm arguments, e.g. <c>--set</c>, <c>a.b=c</c>.</param>
    public static async Task<RenderedChart> TemplateAsync(this HelmCli helm, params string[] settings)
    {
        string[] arguments = ["template", Release, HelmCli.ChartDirectory, "--namespace", ReleaseNamespace, .. settings];
        var yaml = await helm.RunAsync(arguments);
        return new RenderedChart(Manifest.ParseAll(yaml));
    }
}
