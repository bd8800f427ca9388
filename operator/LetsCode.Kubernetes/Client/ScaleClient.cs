using System.Text;
using System.Text.Json;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Client;

/// <summary>The scale subresource of one kind over <see cref="KubernetesApiClient"/>.</summary>
public sealed class ScaleClient : IScaleClient
{
    private readonly KubernetesApiClient _api;

    public ScaleClient(KubernetesApiClient api, ResourceDescriptor descriptor)
    {
        _api = api;
        Descriptor = descriptor;
    }

    public ResourceDescriptor Descriptor { get; }

    public Task<Scale> GetScaleAsync(string? @namespace, string name, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, Uri(@namespace, name), null, null, KubernetesJsonContext.Default.Scale, cancellationToken);

    public Task<Scale> ReplaceScaleAsync(string? @namespace, string name, Scale scale, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scale);
        if (scale.Spec?.Replicas is not { } replicas || replicas < 0)
        {
            throw new ArgumentException("spec.replicas must be set and not negative.", nameof(scale));
        }

        scale.ApiVersion ??= Scale.ScaleApiVersion;
        scale.Kind ??= "Scale";
        scale.Metadata.Name ??= name;
        if (Descriptor.Namespaced)
        {
            scale.Metadata.Namespace ??= @namespace;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(scale, KubernetesJsonContext.Default.Scale);
        return _api.SendAsync(HttpMethod.Put, Uri(@namespace, name), body, "application/json", KubernetesJsonContext.Default.Scale, cancellationToken);
    }

    public Task<Scale> PatchScaleAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Patch, Uri(@namespace, name), Encoding.UTF8.GetBytes(patch.Body), patch.ContentType,
            KubernetesJsonContext.Default.Scale, cancellationToken);

    private Uri Uri(string? @namespace, string name) => _api.BuildUri(Descriptor.ItemPath(@namespace, name) + "/scale");
}
