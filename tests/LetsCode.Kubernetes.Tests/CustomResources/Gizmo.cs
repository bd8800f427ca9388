using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Tests.CustomResources;

/// <summary>A scalable custom resource: its CRD maps the scale subresource onto spec.count and status.count.</summary>
public sealed class Gizmo : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "example.letscode.dev/v1";
    public string? Kind { get; set; } = "Gizmo";
    public ObjectMeta Metadata { get; set; } = new();
    public GizmoSpec? Spec { get; set; }
    public GizmoStatus? Status { get; set; }
}

public sealed class GizmoSpec : KubernetesModel
{
    public int? Count { get; set; }
    public string? Color { get; set; }
}

public sealed class GizmoStatus : KubernetesModel
{
    public int? Count { get; set; }
    public string? Selector { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Gizmo))]
[JsonSerializable(typeof(KubernetesList<Gizmo>))]
public sealed partial class GizmoJsonContext : JsonSerializerContext;

public static class Gizmos
{
    public static ResourceType<Gizmo> Type { get; } = new(
        new ResourceDescriptor("example.letscode.dev", "v1", "Gizmo", "gizmos", Namespaced: true),
        GizmoJsonContext.Default.Gizmo, GizmoJsonContext.Default.KubernetesListGizmo);

    public static CustomResourceDefinition Definition() => new()
    {
        Metadata = new ObjectMeta { Name = "gizmos.example.letscode.dev" },
        Spec = JsonNode.Parse("""
            {
              "group": "example.letscode.dev",
              "scope": "Namespaced",
              "names": { "plural": "gizmos", "singular": "gizmo", "kind": "Gizmo", "listKind": "GizmoList" },
              "versions": [{
                "name": "v1", "served": true, "storage": true,
                "subresources": { "status": {}, "scale": { "specReplicasPath": ".spec.count", "statusReplicasPath": ".status.count", "labelSelectorPath": ".status.selector" } },
                "schema": { "openAPIV3Schema": {
                  "type": "object",
                  "properties": {
                    "spec": { "type": "object", "properties": { "count": { "type": "integer", "minimum": 0 }, "color": { "type": "string" } } },
                    "status": { "type": "object", "properties": { "count": { "type": "integer" }, "selector": { "type": "string" } } }
                  }
                } }
              }]
            }
            """)!.AsObject(),
    };
}
