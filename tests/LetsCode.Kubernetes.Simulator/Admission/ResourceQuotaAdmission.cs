using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator.Admission;

/// <summary>
/// ResourceQuota admission for pods (pods, count/pods, cpu, memory, requests.*, limits.*): rejects with the API
/// server's "exceeded quota" / "failed quota" Forbidden messages and keeps each quota's status (hard, used) current.
/// Other quota resources are stored and shown but not enforced.
/// </summary>
internal static class ResourceQuotaAdmission
{
    /// <summary>Throws 403 when admitting <paramref name="pod"/> would exceed a quota of its namespace.</summary>
    public static void Admit(ObjectStore store, JsonObject pod)
    {
        var ns = Meta.Namespace(pod);
        var requested = PodResources.Usage(pod, out var unspecified);
        foreach (var quota in store.List(BuiltInResources.ResourceQuotas.Name, ns).OrderBy(q => q.Name, StringComparer.Ordinal))
        {
            var hard = Hard(quota.Node);
            var tracked = hard.Keys.Where(k => requested.ContainsKey(k) || PodResources.ComputeResources.Contains(k) || k is "cpu" or "memory").ToList();
            if (tracked.Count == 0) continue;

            var missing = unspecified.Where(u => hard.ContainsKey(u.Split(' ')[0]) ||
                (u.StartsWith("requests.", StringComparison.Ordinal) && hard.ContainsKey(u.Split(' ')[0]["requests.".Length..]))).ToList();
            if (missing.Count > 0)
            {
                throw ApiException.Forbidden(BuiltInResources.Pods.Name, Meta.Name(pod),
                    $"failed quota: {quota.Name}: must specify {string.Join("; ", missing.Distinct())}");
            }

            var used = Used(store, ns);
            var exceeded = tracked.Where(k => requested.TryGetValue(k, out var r) &&
                (used.GetValueOrDefault(k).Value + r.Value) > hard[k].Value).Order(StringComparer.Ordinal).ToList();
            if (exceeded.Count > 0)
            {
                string Print(Func<string, Quantity> of) => string.Join(",", exceeded.Select(k => $"{k}={of(k)}"));
                throw ApiException.Forbidden(BuiltInResources.Pods.Name, Meta.Name(pod),
                    $"exceeded quota: {quota.Name}, requested: {Print(k => requested[k])}, " +
                    $"used: {Print(k => used.GetValueOrDefault(k, Quantity.Zero))}, limited: {Print(k => hard[k])}");
            }
        }
    }

    /// <summary>Rewrites status.hard/status.used of every quota in <paramref name="ns"/> whose figures changed.</summary>
    public static void RefreshStatus(ObjectStore store, string ns)
    {
        var quotas = store.List(BuiltInResources.ResourceQuotas.Name, ns).ToList();
        if (quotas.Count == 0) return;
        var used = Used(store, ns);
        foreach (var quota in quotas)
        {
            var hard = Hard(quota.Node);
            var status = new JsonObject
            {
                ["hard"] = new JsonObject(hard.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)JsonValue.Create(h.Value.ToString())))),
                ["used"] = new JsonObject(hard.Select(h => KeyValuePair.Create(h.Key,
                    (JsonNode?)JsonValue.Create(used.GetValueOrDefault(h.Key, new Quantity(0, h.Value.Binary)).ToString())))),
            };
            if (JsonNode.DeepEquals(status, quota.Node["status"])) continue;
            var updated = (JsonObject)quota.Node.DeepClone();
            updated["status"] = status;
            store.Put(quota.Type, updated);
        }
    }

    private static Dictionary<string, Quantity> Hard(JsonObject quota)
    {
        var hard = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (name, value) in quota["spec"]?["hard"] as JsonObject ?? [])
        {
            if (Quantity.TryParse(Meta.Str(value), out var q)) hard[name] = q;
        }

        return hard;
    }

    private static Dictionary<string, Quantity> Used(ObjectStore store, string? ns)
    {
        var used = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var pod in store.List(BuiltInResources.Pods.Name, ns).Where(p => PodResources.Counts(p.Node)))
        {
            foreach (var (name, q) in PodResources.Usage(pod.Node, out _))
            {
                used[name] = used.GetValueOrDefault(name, Quantity.Zero) + q;
            }
        }

        return used;
    }
}
