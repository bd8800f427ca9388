using LetsCode.Api.Contracts;
using LetsCode.Api.Languages;
using LetsCode.Judge.Languages;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// Cluster mode's <see cref="ILanguageCatalog"/> (GET /api/languages, language validation on submit and on
/// /api/test, the languages the dispatchers follow): the WarmPools in the replica's informer cache, optionally
/// narrowed by Cluster:Languages (<see cref="WarmPoolLanguages"/>). Read on every call, so a pool added or deleted
/// shows at once; the cache makes that free.
/// </summary>
public sealed class WarmPoolLanguageCatalog(SandboxInformers informers, IReadOnlyCollection<string> pinned, LanguageRegistry registry) : ILanguageCatalog
{
    public IReadOnlyList<LanguageDocument> Available => informers.Pools.HasSynced
        ? WarmPoolLanguages.Describe(informers.Pools.Cache.List(informers.Namespace), pinned, registry)
        : WarmPoolLanguages.Pinned(pinned, registry);
}
