namespace LetsCode.Kubernetes.Models;

/// <summary>Where a kind lives in the REST API: /api/v1 for the core group, /apis/GROUP/VERSION otherwise.</summary>
public sealed record ResourceDescriptor(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection path, e.g. /api/v1/namespaces/ns/pods or /apis/letscode.dev/v1alpha1/submissions.</summary>
    public string CollectionPath(string? @namespace)
    {
        var prefix = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        if (!Namespaced || string.IsNullOrEmpty(@namespace))
        {
            return $"{prefix}/{Plural}";
        }

        return $"{prefix}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}";
    }

    public string ItemPath(string? @namespace, string name)
    {
        if (Namespaced && string.IsNullOrEmpty(@namespace))
        {
            throw new ArgumentException($"{Kind} is namespaced: a namespace is required.", nameof(@namespace));
        }

        ArgumentException.ThrowIfNullOrEmpty(name);
        return $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}";
    }
}
