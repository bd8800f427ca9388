using LetsCode.Charts.Tests.Yaml;

namespace LetsCode.Charts.Tests.Helm;

public sealed record RenderedChart(IReadOnlyList<Manifest> Manifests)
{
    public IEnumerable<Manifest> OfKind(string kind) => Manifests.Where(m => m.Kind == kind);

    public Manifest Single(string kind, string name) =>
        Manifests.SingleOrDefault(m => m.Kind == kind && m.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"No {kind} {name} among: {string.Join(", ", Manifests.Select(m => m.ToString()))}");

    public IEnumerable<Manifest> InNamespace(string @namespace) => Manifests.Where(m => m.Namespace == @namespace);

    /// <summary>Deployments, StatefulSets and DaemonSets: everything that runs pods.</summary>
    public IEnumerable<Manifest> Workloads => Manifests.Where(m => m.Kind is "Deployment" or "StatefulSet" or "DaemonSet" or "Job" or "CronJob" or "Pod");
}
