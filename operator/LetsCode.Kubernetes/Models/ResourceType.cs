using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LetsCode.Kubernetes.Models;

/// <summary>
/// Everything the client needs to handle kind <typeparamref name="T"/>: its REST location and its source-generated
/// serializers. A custom resource registers by building one of these from its own JsonSerializerContext.
/// </summary>
public sealed class ResourceType<T>
    where T : class, IKubernetesObject
{
    public ResourceType(ResourceDescriptor descriptor, JsonTypeInfo<T> typeInfo, JsonTypeInfo<KubernetesList<T>> listTypeInfo)
    {
        Descriptor = descriptor;
        TypeInfo = typeInfo;
        ListTypeInfo = listTypeInfo;
    }

    public ResourceDescriptor Descriptor { get; }
    public JsonTypeInfo<T> TypeInfo { get; }
    public JsonTypeInfo<KubernetesList<T>> ListTypeInfo { get; }

    /// <summary>A deep copy (through JSON), for changing an object taken from an informer cache.</summary>
    public T Clone(T value) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo), TypeInfo)
        ?? throw new InvalidOperationException("A serialized object deserialized to null.");

    public byte[] Serialize(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo);

    public T Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, TypeInfo) ?? throw new JsonException($"Expected a {Descriptor.Kind}, got null.");
}
