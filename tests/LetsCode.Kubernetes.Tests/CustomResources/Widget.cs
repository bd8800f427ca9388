using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Tests.CustomResources;

// How the operator registers its own kinds: a model implementing IKubernetesObject, a source-generated context
// with the kind and its list, and a ResourceType built from both.

public sealed class Widget : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "example.letscode.dev/v1";
    public string? Kind { get; set; } = "Widget";
    public ObjectMeta Metadata { get; set; } = new();
    public WidgetSpec? Spec { get; set; }
    public WidgetStatus? Status { get; set; }
}

public sealed class WidgetSpec : KubernetesModel
{
    public string? Color { get; set; }
    public int? Size { get; set; }
}

public sealed class WidgetStatus : KubernetesModel
{
    public string? Phase { get; set; }
    public long? ObservedGeneration { get; set; }
}

/// <summary>A CRD, kept as raw JSON below metadata: tests only need to install one.</summary>
public sealed class CustomResourceDefinition : KubernetesModel, IKubernetesObject
{
    public string? ApiVersion { get; set; } = "apiextensions.k8s.io/v1";
    public string? Kind { get; set; } = "CustomResourceDefinition";
    public ObjectMeta Metadata { get; set; } = new();
    public JsonObject? Spec { get; set; }
    public JsonObject? Status { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Widget))]
[JsonSerializable(typeof(KubernetesList<Widget>))]
[JsonSerializable(typeof(CustomResourceDefinition))]
[JsonSerializable(typeof(KubernetesList<CustomResourceDefinition>))]
public sealed partial class TestResourcesJsonContext : JsonSerializerContext;

public static class TestResources
{
    public static ResourceType<Widget> Widgets { get; } = new(
        new ResourceDescriptor("example.letscode.dev", "v1", "Widget", "widgets", Namespaced: true),
        TestResourcesJsonContext.Default.Widget, TestResourcesJsonContext.Default.KubernetesListWidget);

    public static ResourceType<CustomResourceDefinition> CustomResourceDefinitions { get; } = new(
        new ResourceDescriptor("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", Namespaced: false),
        TestResourcesJsonContext.Default.CustomResourceDefinition, TestResourcesJsonContext.Default.KubernetesListCustomResourceDefinition);

    public static CustomResourceDefinition WidgetDefinition() => new()
    {
        Metadata = new ObjectMeta { Name = "widgets.example.letscode.dev" },
        Spec = JsonNode.Parse("""
            {
              "group": "example.letscode.dev",
              "scope": "Namespaced",
              "names": { "plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList" },
              "versions": [{
                "name": "v1", "served": true, "storage": true,
                "subresources": { "status": {} },
                "schema": { "openAPIV3Schema": {
                  "type": "object",
                  "properties": {
                    "spec": { "type": "object", "properties": { "color": { "type": "string" }, "size": { "type": "integer" } } },
                    "status": { "type": "object", "properties": { "phase": { "type": "string" }, "observedGeneration": { "type": "integer" } } }
                  }
                } }
              }]
            }
            """)!.AsObject(),
    };
}
