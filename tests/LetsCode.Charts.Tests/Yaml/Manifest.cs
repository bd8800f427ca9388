using YamlDotNet.RepresentationModel;

namespace LetsCode.Charts.Tests.Yaml;

/// <summary>One Kubernetes object of a multi-document YAML stream.</summary>
public sealed class Manifest
{
    private Manifest(YamlMappingNode root) => Root = root;

    public YamlMappingNode Root { get; }

    public string ApiVersion => Root.Str("apiVersion") ?? "";

    public string Kind => Root.Str("kind") ?? "";

    public string Name => Root.Str("metadata", "name") ?? "";

    public string? Namespace => Root.Str("metadata", "namespace");

    public YamlNode? At(params string[] path) => Root.At(path);

    public string? Str(params string[] path) => Root.Str(path);

    /// <summary>The pod template of a workload (or the pod itself).</summary>
    public YamlNode PodSpec => Kind switch
    {
        "Pod" => Root.At("spec"),
        "CronJob" => Root.At("spec", "jobTemplate", "spec", "template", "spec"),
        _ => Root.At("spec", "template", "spec"),
    } ?? throw new InvalidOperationException($"{this} has no pod spec.");

    public IEnumerable<YamlNode> AllContainers => PodSpec.At("initContainers").Items().Concat(PodSpec.At("containers").Items());

    public override string ToString() => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";

    public static IReadOnlyList<Manifest> ParseAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Select(d => d.RootNode)
            .OfType<YamlMappingNode>()
            .Where(root => root.Children.Count > 0)
            .Select(root => new Manifest(root))
            .ToList();
    }
}
