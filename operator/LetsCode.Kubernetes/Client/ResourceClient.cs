using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Watch;

namespace LetsCode.Kubernetes.Client;

/// <summary>The REST verbs of one kind over <see cref="KubernetesApiClient"/>.</summary>
public sealed class ResourceClient<T> : IResourceClient<T>
    where T : class, IKubernetesObject
{
    private readonly KubernetesApiClient _api;

    public ResourceClient(KubernetesApiClient api, ResourceType<T> type)
    {
        _api = api;
        Type = type;
    }

    public ResourceType<T> Type { get; }

    private ResourceDescriptor Descriptor => Type.Descriptor;

    public Task<T> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, _api.BuildUri(Descriptor.ItemPath(@namespace, name)), null, null, Type.TypeInfo, cancellationToken);

    public Task<KubernetesList<T>> ListAsync(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListOptions();
        var uri = _api.BuildUri(Descriptor.CollectionPath(@namespace),
        [
            new("labelSelector", options.LabelSelector),
            new("fieldSelector", options.FieldSelector),
            new("limit", options.Limit?.ToString(CultureInfo.InvariantCulture)),
            new("continue", options.Continue),
            new("resourceVersion", options.ResourceVersion),
        ]);
        return _api.SendAsync(HttpMethod.Get, uri, null, null, Type.ListTypeInfo, cancellationToken);
    }

    public Task<T> CreateAsync(T value, CancellationToken cancellationToken = default)
    {
        FillTypeMeta(value);
        var @namespace = RequireNamespace(value);
        return _api.SendAsync(HttpMethod.Post, _api.BuildUri(Descriptor.CollectionPath(@namespace)), Type.Serialize(value),
            "application/json", Type.TypeInfo, cancellationToken);
    }

    public Task<T> ReplaceAsync(T value, CancellationToken cancellationToken = default) => Put(value, "", cancellationToken);

    public Task<T> PatchAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default) =>
        SendPatch(Descriptor.ItemPath(@namespace, name), patch, cancellationToken);

    public async Task DeleteAsync(string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = options is null ? (ReadOnlyMemory<byte>?)null : JsonSerializer.SerializeToUtf8Bytes(options, KubernetesJsonContext.Default.DeleteOptions);
        await _api.SendForBytesAsync(HttpMethod.Delete, _api.BuildUri(Descriptor.ItemPath(@namespace, name)), body, "application/json", cancellationToken)
            .ConfigureAwait(false);
    }

    public Task<T> GetStatusAsync(string? @namespace, string name, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, _api.BuildUri(Descriptor.ItemPath(@namespace, name) + "/status"), null, null, Type.TypeInfo, cancellationToken);

    public Task<T> ReplaceStatusAsync(T value, CancellationToken cancellationToken = default) => Put(value, "/status", cancellationToken);

    public Task<T> PatchStatusAsync(string? @namespace, string name, Patch patch, CancellationToken cancellationToken = default) =>
        SendPatch(Descriptor.ItemPath(@namespace, name) + "/status", patch, cancellationToken);

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(
        string? @namespace, WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new WatchOptions();
        var uri = _api.BuildUri(Descriptor.CollectionPath(@namespace),
        [
            new("watch", "true"),
            new("labelSelector", options.LabelSelector),
            new("fieldSelector", options.FieldSelector),
            new("resourceVersion", options.ResourceVersion),
            new("allowWatchBookmarks", options.AllowWatchBookmarks ? "true" : null),
            new("timeoutSeconds", options.TimeoutSeconds?.ToString(CultureInfo.InvariantCulture)),
        ]);
        using var response = await _api.SendStreamingAsync(HttpMethod.Get, uri, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var watchEvent = WatchEventParser.Parse(line, Type);
                if (watchEvent.Type == WatchEventType.Error)
                {
                    throw KubernetesErrors.ToException(watchEvent.Status ?? new Status { Code = 500, Message = "ERROR event without a Status." });
                }

                yield return watchEvent;
            }
        }
    }

    private Task<T> Put(T value, string suffix, CancellationToken cancellationToken)
    {
        FillTypeMeta(value);
        var name = value.Metadata.Name ?? throw new ArgumentException("metadata.name is required to replace.", nameof(value));
        return _api.SendAsync(HttpMethod.Put, _api.BuildUri(Descriptor.ItemPath(RequireNamespace(value), name) + suffix),
            Type.Serialize(value), "application/json", Type.TypeInfo, cancellationToken);
    }

    private Task<T> SendPatch(string path, Patch patch, CancellationToken cancellationToken) =>
        _api.SendAsync(HttpMethod.Patch, _api.BuildUri(path), Encoding.UTF8.GetBytes(patch.Body), patch.ContentType, Type.TypeInfo, cancellationToken);

    private void FillTypeMeta(T value)
    {
        value.ApiVersion ??= Descriptor.ApiVersion;
        value.Kind ??= Descriptor.Kind;
    }

    private string? RequireNamespace(T value)
    {
        if (!Descriptor.Namespaced)
        {
            return null;
        }

        return string.IsNullOrEmpty(value.Metadata.Namespace)
            ? throw new ArgumentException($"{Descriptor.Kind} is namespaced: set metadata.namespace.", nameof(value))
            : value.Metadata.Namespace;
    }
}
