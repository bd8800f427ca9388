using System.Text.Json.Serialization;

namespace LetsCode.Kubernetes.Models;

/// <summary>
/// Source-generated serialization for the built-in kinds. Custom resources bring their own context with the same
/// options (camelCase, nulls omitted) and register through <see cref="ResourceType{T}"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Pod))]
[JsonSerializable(typeof(KubernetesList<Pod>))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(KubernetesList<Event>))]
[JsonSerializable(typeof(Lease))]
[JsonSerializable(typeof(KubernetesList<Lease>))]
[JsonSerializable(typeof(NetworkPolicy))]
[JsonSerializable(typeof(KubernetesList<NetworkPolicy>))]
[JsonSerializable(typeof(ResourceQuota))]
[JsonSerializable(typeof(KubernetesList<ResourceQuota>))]
[JsonSerializable(typeof(LimitRange))]
[JsonSerializable(typeof(KubernetesList<LimitRange>))]
[JsonSerializable(typeof(ConfigMap))]
[JsonSerializable(typeof(KubernetesList<ConfigMap>))]
[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(KubernetesList<Secret>))]
[JsonSerializable(typeof(Namespace))]
[JsonSerializable(typeof(KubernetesList<Namespace>))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(DeleteOptions))]
[JsonSerializable(typeof(Scale))]
public sealed partial class KubernetesJsonContext : JsonSerializerContext;
