using LetsCode.Api.Composition;
using LetsCode.Api.Contracts;
using LetsCode.Judge.Languages;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// The languages a cluster can judge: one per live WarmPool language (the API pod has no compilers, so detecting
/// toolchains on it, as embedded mode does, would offer nothing or the wrong things). Pure.
/// <para>
/// A pinned list (Cluster:Languages) narrows the offer to those languages; it never adds one without a pool, since
/// nothing could run it. Version: the pool's <see cref="VersionAnnotation"/> if set, else its image tag, else
/// "unknown". Whether a language is compiled comes from the judge library's definitions, function-style support from
/// its driver generator (both as in embedded mode); a language the library does not know (a newer runner image) is
/// offered as not compiled, without function style.
/// </para>
/// </summary>
public static class WarmPoolLanguages
{
    /// <summary>Annotation on a WarmPool giving the toolchain version its image carries (e.g. "3.11.2").</summary>
    public const string VersionAnnotation = "letscode.dev/version";

    public const string UnknownVersion = "unknown";

    public static IReadOnlyList<LanguageDocument> Describe(
        IEnumerable<WarmPool> pools, IReadOnlyCollection<string> pinned, LanguageRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(pinned);
        ArgumentNullException.ThrowIfNull(registry);
        return pools
            .Where(p => p.Metadata.DeletionTimestamp is null && !string.IsNullOrEmpty(p.Spec.Language))
            .Where(p => pinned.Count == 0 || pinned.Contains(p.Spec.Language))
            // Several pools of one language (a migration between images): the first by name speaks for it.
            .GroupBy(p => p.Spec.Language, StringComparer.Ordinal)
            .Select(g => g.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).First())
            .OrderBy(p => p.Spec.Language, StringComparer.Ordinal)
            .Select(p => JudgeWiring.Describe(p.Spec.Language, VersionOf(p), registry.Find(p.Spec.Language)?.Compiled ?? false))
            .ToList();
    }

    /// <summary>Before the WarmPools are known (start-up): the pinned languages, so a restart does not reject them.</summary>
    public static IReadOnlyList<LanguageDocument> Pinned(IReadOnlyCollection<string> pinned, LanguageRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(pinned);
        ArgumentNullException.ThrowIfNull(registry);
        return pinned.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(l => JudgeWiring.Describe(l, UnknownVersion, registry.Find(l)?.Compiled ?? false))
            .ToList();
    }

    public static string VersionOf(WarmPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.Metadata.Annotations?.GetValueOrDefault(VersionAnnotation) is { Length: > 0 } annotated)
        {
            return annotated;
        }
        return ImageTag(pool.Spec.Image) ?? UnknownVersion;
    }

    /// <summary>"ghcr.io/x/runner-python3:3.11@sha256:..." reads "3.11"; no tag (a registry port is not one) reads null.</summary>
    public static string? ImageTag(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return null;
        }
        var digest = image.IndexOf('@', StringComparison.Ordinal);
        var named = digest >= 0 ? image[..digest] : image;
        var lastSegment = named[(named.LastIndexOf('/') + 1)..];
        var colon = lastSegment.LastIndexOf(':');
        return colon >= 0 && colon < lastSegment.Length - 1 ? lastSegment[(colon + 1)..] : null;
    }
}
