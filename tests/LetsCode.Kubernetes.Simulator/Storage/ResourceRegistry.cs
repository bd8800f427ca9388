using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator;

/// <summary>Every served resource: the built-in ones and those of established CRDs. Guarded by the store lock.</summary>
internal sealed class ResourceRegistry
{
    private readonly List<ResourceType> _builtIn = BuiltInResources.All.ToList();
    private readonly Dictionary<string, ResourceType> _custom = new(StringComparer.Ordinal); // by CRD name

    public IEnumerable<ResourceType> All => _builtIn.Concat(_custom.Values);

    public ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(t => t.Group == group && t.Plural == plural && t.Versions.Contains(version));

    public ResourceType? Find(ResourceName name) =>
        All.FirstOrDefault(t => t.Group == name.Group && t.Plural == name.Plural);

    public bool IsBuiltIn(string group, string plural) => _builtIn.Any(t => t.Group == group && t.Plural == plural);

    public IEnumerable<string> VersionsOf(string group) =>
        All.Where(t => t.Group == group).SelectMany(t => t.Versions).Distinct();

    public ResourceType? CustomFor(string crdName) => _custom.GetValueOrDefault(crdName);

    public void SetCustom(string crdName, ResourceType type) => _custom[crdName] = type;

    public void RemoveCustom(string crdName) => _custom.Remove(crdName);

    /// <summary>Builds the served resource from a CRD's spec; null when the spec is not usable.</summary>
    public static ResourceType? FromCrd(JsonObject crd)
    {
        if (crd["spec"] is not JsonObject spec || spec["names"] is not JsonObject names) return null;
        var versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(v => Meta.Bool(v["served"]) != false).ToList();
        if (versions.Count == 0) return null;
        var storage = versions.FirstOrDefault(v => Meta.Bool(v["storage"]) == true) ?? versions[0];
        var subresources = storage["subresources"] as JsonObject;
        ScaleMapping? scale = null;
        if (subresources?["scale"] is JsonObject s && s["specReplicasPath"] is not null)
        {
            scale = new ScaleMapping((string)s["specReplicasPath"]!, (string?)s["statusReplicasPath"] ?? ".status.replicas",
                (string?)s["labelSelectorPath"]);
        }

        var kind = (string?)names["kind"] ?? "";
        return new ResourceType
        {
            Group = (string?)spec["group"] ?? "",
            Versions = versions.Select(v => (string)v["name"]!).ToList(),
            StorageVersion = (string)storage["name"]!,
            Plural = (string?)names["plural"] ?? "",
            Singular = (string?)names["singular"] ?? kind.ToLowerInvariant(),
            Kind = kind,
            Namespaced = (string?)spec["scope"] != "Cluster",
            ShortNames = (names["shortNames"] as JsonArray ?? []).Select(n => (string)n!).ToList(),
            Categories = (names["categories"] as JsonArray ?? []).Select(n => (string)n!).ToList(),
            HasStatus = subresources?["status"] is not null,
            Scale = scale,
            IsCustom = true,
            Schemas = versions.Where(v => v["schema"]?["openAPIV3Schema"] is JsonObject)
                .ToDictionary(v => (string)v["name"]!, v => (JsonObject)v["schema"]!["openAPIV3Schema"]!.DeepClone()),
        };
    }
}
