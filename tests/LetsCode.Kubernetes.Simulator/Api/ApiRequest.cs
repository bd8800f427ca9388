namespace LetsCode.Kubernetes.Simulator.Api;

/// <summary>A resource request parsed from its path, as the API server's RequestInfo resolver does.</summary>
internal sealed record ApiRequest(string Group, string Version, string Plural, string? Namespace, string? Name,
    string? Subresource, bool LegacyWatch)
{
    /// <summary>
    /// Parses the part after /api/v1 or /apis/GROUP/VERSION: [watch/] [namespaces/NS/] PLURAL [/NAME [/SUBRESOURCE]]
    /// ("namespaces/NAME/status" is the namespace's own subresource).
    /// </summary>
    public static ApiRequest? Parse(string group, string version, IReadOnlyList<string> segments,
        Func<string, bool> isNamespaced)
    {
        var legacyWatch = false;
        if (segments.Count > 0 && segments[0] == "watch")
        {
            legacyWatch = true;
            segments = segments.Skip(1).ToList();
        }

        if (segments.Count == 0) return null;
        if (segments[0] == "namespaces" && segments.Count >= 3 && isNamespaced(segments[2]))
        {
            return segments.Count switch
            {
                3 => new ApiRequest(group, version, segments[2], segments[1], null, null, legacyWatch),
                4 => new ApiRequest(group, version, segments[2], segments[1], segments[3], null, legacyWatch),
                5 => new ApiRequest(group, version, segments[2], segments[1], segments[3], segments[4], legacyWatch),
                _ => null,
            };
        }

        return segments.Count switch
        {
            1 => new ApiRequest(group, version, segments[0], null, null, null, legacyWatch),
            2 => new ApiRequest(group, version, segments[0], null, segments[1], null, legacyWatch),
            3 => new ApiRequest(group, version, segments[0], null, segments[1], segments[2], legacyWatch),
            _ => null,
        };
    }
}
