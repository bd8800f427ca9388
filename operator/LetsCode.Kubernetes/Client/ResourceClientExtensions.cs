using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Client;

public static class ResourceClientExtensions
{
    /// <summary>The object, or null when it does not exist.</summary>
    public static async Task<T?> TryGetAsync<T>(this IResourceClient<T> client, string? @namespace, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject
    {
        try
        {
            return await client.GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes; false when it was already gone (idempotent reconcilers want exactly this).</summary>
    public static async Task<bool> DeleteIfExistsAsync<T>(
        this IResourceClient<T> client, string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject
    {
        try
        {
            await client.DeleteAsync(@namespace, name, options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Every item, fetched page by page (limit/continue), plus the list's resourceVersion to watch from. The pages are
    /// one consistent snapshot; if the continue token expires (410) the whole list is restarted once.
    /// </summary>
    public static async Task<(List<T> Items, string? ResourceVersion)> ListAllAsync<T>(
        this IResourceClient<T> client, string? @namespace, ListOptions? options = null, int pageSize = 500, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject
    {
        options ??= new ListOptions();
        for (var attempt = 0; ; attempt++)
        {
            var items = new List<T>();
            string? continueToken = null;
            try
            {
                while (true)
                {
                    var page = await client.ListAsync(@namespace, options with { Limit = pageSize, Continue = continueToken }, cancellationToken)
                        .ConfigureAwait(false);
                    items.AddRange(page.Items);
                    continueToken = page.Metadata.Continue;
                    if (string.IsNullOrEmpty(continueToken))
                    {
                        return (items, page.Metadata.ResourceVersion);
                    }
                }
            }
            catch (GoneException) when (continueToken is not null && attempt == 0)
            {
                // The snapshot behind the continue token was compacted away: start again from a fresh one.
            }
        }
    }
}
