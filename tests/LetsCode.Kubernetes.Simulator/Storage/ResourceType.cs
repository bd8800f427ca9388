using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator;

/// <summary>The scale subresource's mapping onto the object (for custom resources: from the CRD).</summary>
internal sealed record ScaleMapping(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);

/// <summary>One served resource: what discovery lists and what the generic storage needs to know about it.</summary>
internal sealed record ResourceType
{
    public required string Group { get; init; }
    public required IReadOnlyList<string> Versions { get; init; }
    public required string StorageVersion { get; init; }
    public required string Plural { get; init; }
    public required string Singular { get; init; }
    public required string Kind { get; init; }
    public string ListKind => Kind + "List";
    public required bool Namespaced { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public bool HasStatus { get; init; }
    public ScaleMapping? Scale { get; init; }
    public bool IsCustom { get; init; }

    /// <summary>openAPIV3Schema per version (custom resources only).</summary>
    public IReadOnlyDictionary<string, JsonObject> Schemas { get; init; } = new Dictionary<string, JsonObject>();

    /// <summary>Extra subresources listed in discovery (pods/exec, pods/log, ...), name to verbs.</summary>
    public IReadOnlyDictionary<string, string[]> ExtraSubresources { get; init; } = new Dictionary<string, string[]>();

    public ResourceName Name => new(Group, Plural);

    public string ApiVersion(string version) => Group.Length == 0 ? version : $"{Group}/{version}";

    /// <summary>"Submission.letscode.dev" or "Pod": how Invalid messages name the kind.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>Parts of the object that do not count as spec: changes there leave metadata.generation alone.</summary>
    public bool IsSpecField(string topLevelField) =>
        topLevelField is not ("metadata" or "apiVersion" or "kind") && !(HasStatus && topLevelField == "status");
}
